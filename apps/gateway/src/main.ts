import { exitOnStartupError } from '#common';
import { bootstrap } from './gateway.bootstrap.js';

await bootstrap({ signals: true }).catch(exitOnStartupError);
