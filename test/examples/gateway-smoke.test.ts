import { lint, Reachability } from '../../src';
import { validateManifests } from '../util';
import { buildExample, manifestsOf } from './_examples';

test.each(['gateway-api', 'gateway-grpc', 'gateway-cross-namespace'])('%s', name => {
  const objects = manifestsOf(buildExample(name));
  const r = Reachability.fromManifests(objects);
  console.log(name, JSON.stringify(r.toJson().flows.map(f => `${f.from} -> ${f.to} ${f.protocol} ${f.port}`), null, 1),
    JSON.stringify(r.gatewayRoutes(), null, 1), r.problems, JSON.stringify(lint(objects)), JSON.stringify(validateManifests(objects)));
});
