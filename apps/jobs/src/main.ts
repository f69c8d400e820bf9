import { exitOnStartupError } from '#common';
import { bootstrap } from './jobs.bootstrap.js';

await bootstrap({ signals: true }).catch(exitOnStartupError);
