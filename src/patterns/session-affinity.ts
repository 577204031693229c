import { Duration } from 'cdk8s';
import { checkArg } from '../_check';
import { fail } from '../_validate';
import { SPECS } from './_inputs';

/**
 * Session affinity of a Service.
 *
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#session-affinity
 */
export class SessionAffinity {
  /** No affinity: each connection may go to any ready pod (the Kubernetes default). */
  public static none(): SessionAffinity {
    return new SessionAffinity('None');
  }

  /**
   * Connections from one client IP go to the same pod for `timeout`.
   *
   * @param timeout how long the affinity lasts, 1 s to 86400 s
   * @default timeout 10800 seconds (3 hours, the Kubernetes default)
   */
  public static clientIp(timeout?: Duration): SessionAffinity {
    checkArg('SessionAffinity.clientIp', 'timeout', timeout, SPECS['SessionAffinity.clientIp'].timeout);
    // integral: false, so a fractional duration gets this message rather than cdk8s' own error.
    const seconds = timeout ? timeout.toSeconds({ integral: false }) : 10800;
    if (!Number.isInteger(seconds)) {
      fail('SessionAffinity.clientIp', `timeout must be a whole number of seconds, got ${seconds} s; sessionAffinityConfig.clientIP.timeoutSeconds is an integer`);
    }
    if (seconds < 1 || seconds > 86400) {
      fail('SessionAffinity.clientIp', `timeout must be 1-86400 s, got ${seconds} s; that is the API server's limit for sessionAffinityConfig.clientIP.timeoutSeconds`);
    }
    return new SessionAffinity('ClientIP', seconds);
  }

  /** `None` or `ClientIP`. */
  public readonly type: string;
  /** The ClientIP affinity timeout in seconds. */
  public readonly timeoutSeconds?: number;

  private constructor(type: string, timeoutSeconds?: number) {
    this.type = type;
    this.timeoutSeconds = timeoutSeconds;
  }
}
