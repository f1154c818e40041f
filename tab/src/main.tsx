import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { detectHost } from './host/detect-host.js';

document.documentElement.dataset.planState = 'loading';

const host = await detectHost({
  window,
  loadTeams: () => import('@microsoft/teams-js'),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App host={host} />
  </StrictMode>,
);
