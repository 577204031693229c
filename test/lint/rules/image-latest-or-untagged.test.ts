import { unpinnedImage } from '../../../src/lint/rules/image-latest-or-untagged';
import { container, deployment, findingsOf, objectsOf } from '../manifests';

const RULE = 'image-latest-or-untagged';

describe('lint', () => {
  describe('image-latest-or-untagged', () => {
    test.each([
      'ghcr.io/acme/api:1.4.2',
      'nginx:1.27',
      'registry.example.com:5000/team/app:2024-01-01',
      'ghcr.io/acme/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      'ghcr.io/acme/api:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    ])('accepts %s', (image) => {
      expect(unpinnedImage(image)).toBeUndefined();
    });

    test.each([
      ['nginx', 'has no tag (it means latest)'],
      ['registry.example.com:5000/team/app', 'has no tag (it means latest)'],
      ['ghcr.io/acme/api:latest', 'uses the tag latest'],
      ['ghcr.io/acme/api:', 'has an empty tag'],
    ])('rejects %s', (image, why) => {
      expect(unpinnedImage(image)).toBe(why);
    });

    test('is silent for a workload with pinned images', () => {
      expect(objectsOf(RULE, [deployment('production', 'api')])).toEqual([]);
    });

    test('reports every unpinned container of a workload in one finding', () => {
      const d = deployment('production', 'api', {
        containers: [container('app', { image: 'ghcr.io/acme/api' })],
        initContainers: [container('migrate', { image: 'ghcr.io/acme/migrate:latest' })],
      });
      expect(findingsOf(RULE, [d])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'Deployment/production/api',
        message: "Deployment production/api: container 'app' image ghcr.io/acme/api has no tag (it means latest); "
          + "init container 'migrate' image ghcr.io/acme/migrate:latest uses the tag latest; pin a version tag or a digest",
      }]);
    });
  });
});
