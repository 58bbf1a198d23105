/** The HTTP analyzer as the analysis manager finds it: Zeek's ports and content detection. */
import type { AnalyzerSpec } from '../analyzer.js';
import { HttpAnalyzer } from './http-analyzer.js';
import { looksLikeHttp } from './http-detect.js';
import { httpOptionsFor } from './http-service.js';

export const HTTP_ANALYZER: AnalyzerSpec = {
  name: 'HTTP',
  script: 'base/protocols/http',
  transports: ['tcp'],
  ports: { tcp: [80, 81, 631, 1080, 3128, 8000, 8080, 8888] },
  detect: (data, isOrig, transport) => transport === 'tcp' && looksLikeHttp(data, isOrig),
  create: (ctx) => new HttpAnalyzer(ctx, httpOptionsFor(ctx.events)),
};
