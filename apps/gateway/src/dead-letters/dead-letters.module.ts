import { Module } from '@nestjs/common';
import { ManageDeadLetters } from './application/manage-dead-letters.use-case.js';
import { DeadLettersController } from './http/dead-letters.controller.js';

/** Operators' desk of dead letters across every consuming service: `/v1/admin/dead-letters*`. */
@Module({ controllers: [DeadLettersController], providers: [ManageDeadLetters] })
export class DeadLettersModule {}
