import { Injectable } from '@nestjs/common';
import type { JobDefinitionData } from '#messaging';
import { JOB_DEFINITIONS } from '../definitions/index.js';

/** GET /v1/jobs/definitions: every definition with its parameter schema and limits. */
@Injectable()
export class ListDefinitions {
  execute(): { items: JobDefinitionData[] } {
    return {
      items: JOB_DEFINITIONS.map((d) => ({ name: d.name, description: d.description, paramsSchema: { ...d.paramsSchema }, timeoutMs: d.timeoutMs, attempts: d.attempts })),
    };
  }
}
