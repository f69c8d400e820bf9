import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import type { AuthenticatedRequest } from '../../auth/access.guard.js';

/** Methods that change nothing: the trail skips them. */
export const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What the trail reads from a request once it is answered. */
export interface AuditedRequest extends AuthenticatedRequest {
  auditResourceId?: string;
}

/** Notes the id of what a write created (from its answer), for the audit entry. */
@Injectable()
export class AuditResourceInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    if (READS.has(request.method)) return next.handle();
    return next.handle().pipe(
      tap((body) => {
        const b = body as { id?: unknown; slug?: unknown } | null;
        const id = b && typeof b === 'object' ? (typeof b.id === 'string' ? b.id : typeof b.slug === 'string' ? b.slug : undefined) : undefined;
        if (id) request.auditResourceId = id.slice(0, 200);
      }),
    );
  }
}
