import { Duration, Testing } from 'cdk8s';
import { errorOf, find, IMAGE, objectsOf, zeroTrust } from './_helpers';
import { ExposedApp, Exposure, SessionAffinity } from '../../src';

describe('SessionAffinity', () => {
  test('pins clients to a pod by ClientIP for the given timeout', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    new ExposedApp(ns, 'api', {
      image: IMAGE,
      exposure: Exposure.loadBalancer(),
      sessionAffinity: SessionAffinity.clientIp(Duration.hours(1)),
    });
    const service = find(objectsOf(ns), 'Service', 'api');

    // THEN
    expect(service.spec.sessionAffinity).toBe('ClientIP');
    expect(service.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 3600 } });
    expect(Testing.synth(ns)).toMatchSnapshot();
  });

  test('uses the Kubernetes default timeout of 10800 seconds', () => {
    // WHEN
    const affinity = SessionAffinity.clientIp();

    // THEN
    expect(affinity.type).toBe('ClientIP');
    expect(affinity.timeoutSeconds).toBe(10800);
  });

  test('accepts the longest timeout, 86400 seconds', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    new ExposedApp(ns, 'api', { image: IMAGE, sessionAffinity: SessionAffinity.clientIp(Duration.days(1)) });

    // THEN
    expect(find(objectsOf(ns), 'Service', 'api').spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 86400 } });
  });

  test('renders None without a timeout', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    new ExposedApp(ns, 'api', { image: IMAGE, sessionAffinity: SessionAffinity.none() });
    const service = find(objectsOf(ns), 'Service', 'api');

    // THEN
    expect(service.spec.sessionAffinity).toBe('None');
    expect(service.spec).not.toHaveProperty('sessionAffinityConfig');
  });

  test('leaves session affinity to the cluster when none is given', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    new ExposedApp(ns, 'api', { image: IMAGE });
    const service = find(objectsOf(ns), 'Service', 'api');

    // THEN
    expect(service.spec).not.toHaveProperty('sessionAffinity');
    expect(service.spec).not.toHaveProperty('sessionAffinityConfig');
  });

  test.each([
    [Duration.seconds(86401), 'timeout must be 1-86400 s, got 86401 s'],
    [Duration.hours(25), 'timeout must be 1-86400 s, got 90000 s'],
    [Duration.seconds(0), 'timeout must be 1-86400 s, got 0 s'],
  ])('fails when the timeout is outside 1-86400 s (%s)', (timeout, expected) => {
    // WHEN
    const message = errorOf(() => SessionAffinity.clientIp(timeout));

    // THEN
    expect(message).toContain(`SessionAffinity.clientIp: ${expected}`);
  });

  test('fails when the timeout is not a whole number of seconds', () => {
    // WHEN
    const message = errorOf(() => SessionAffinity.clientIp(Duration.millis(1500)));

    // THEN
    expect(message).toContain('SessionAffinity.clientIp: timeout must be a whole number of seconds, got 1.5 s');
  });
});
