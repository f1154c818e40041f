import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { basePath } from './app/navigation.js';
import { detectHost } from './host/detect-host.js';

document.documentElement.dataset.planState = 'loading';

const host = await detectHost({
  window,
  loadTeams: () => import('@microsoft/teams-js'),
  consentPage: `${window.location.origin}${basePath()}/consent`,
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App host={host} />
  </StrictMode>,
);
