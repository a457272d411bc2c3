/** Continuous protection: the status of the watch loop that `mamori serve` runs on its event queues. */
import { continuousStatus } from '../continuous.ts';
import { RESPONSES } from '../schemas.ts';
import { route, type RouteDef } from '../route.ts';

export const continuousRoutes: RouteDef[] = [
  route({
    method: 'GET',
    url: '/api/continuous',
    access: 'viewer',
    tag: 'scans',
    summary: 'Continuous protection: the event queues watched, the last write handled, writes handled, fixes made, lag from the write to the verified fix, and the resources handled last',
    schema: { response: RESPONSES.continuous },
    async handler(_args, { ctx }) {
      return continuousStatus(ctx);
    },
  }),
];
