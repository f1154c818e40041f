// The adaptivecards package root does not load under Node ESM (its lib/ has extensionless
// imports); its UMD bundle does (STACK-NOTES.md). This gives the bundle the package's own types.
declare module 'adaptivecards/dist/adaptivecards.js' {
  import * as AdaptiveCards from 'adaptivecards';
  export = AdaptiveCards;
}
