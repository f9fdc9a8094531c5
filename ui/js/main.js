// Entry point of Loket's UI: starts the screen and follows the address (#/layanan/ID).

import { startCatalog, renderService } from './catalog.js';

function route() {
  const match = location.hash.match(/^#\/layanan\/([a-z0-9-]+)$/);
  if (match) renderService(match[1]);
}

window.addEventListener('hashchange', route);
startCatalog().then(route);
