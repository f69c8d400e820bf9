import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { loadConsoleConfig } from './auth/console-config';

const root = createRoot(document.getElementById('root')!);
loadConsoleConfig()
  .then((config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  )
  .catch((error: unknown) => {
    const message = document.createElement('p');
    message.setAttribute('role', 'alert');
    message.textContent = `The console could not start: ${error instanceof Error ? error.message : String(error)}`;
    document.getElementById('root')!.replaceChildren(message);
  });
