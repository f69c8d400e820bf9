import { exitOnStartupError } from '#common';
import { bootstrap } from './monolith.bootstrap.js';

await bootstrap({ signals: true }).catch(exitOnStartupError);
