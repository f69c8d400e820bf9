import { exitOnStartupError } from '#common';
import { bootstrap } from './campaigns.bootstrap.js';

await bootstrap({ signals: true }).catch(exitOnStartupError);
