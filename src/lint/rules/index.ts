/**
 * Every lint rule, in the order the README table lists them (internal).
 */
import type { LintRule } from '../_rule';
import { adminNetworkPolicyInvalid } from './admin-network-policy-invalid';
import { defaultDenyEgressWithoutDns } from './default-deny-egress-without-dns';
import { dnsEgressUdpOnly } from './dns-egress-udp-only';
import { duplicateObject } from './duplicate-object';
import { egressReachesCloudMetadata } from './egress-reaches-cloud-metadata';
import { envShortServiceNameCrossNamespace } from './env-short-service-name-cross-namespace';
import { externalNameIsIpOrUrl } from './external-name-is-ip-or-url';
import { externalNamePrivateTargetBlocked } from './external-name-private-target-blocked';
import { gatewayAcmeSolverMismatch } from './gateway-acme-solver-mismatch';
import { gatewayRouteBackendPortMissing } from './gateway-route-backend-port-missing';
import { gatewayRouteHostnameMismatch } from './gateway-route-hostname-mismatch';
import { gatewayRouteKindConflict } from './gateway-route-kind-conflict';
import { gatewayRouteNamespaceNotAdmitted } from './gateway-route-namespace-not-admitted';
import { gatewayRouteReferenceGrantMissing } from './gateway-route-reference-grant-missing';
import { gatewayRouteWithoutListener } from './gateway-route-without-listener';
import { imageLatestOrUntagged } from './image-latest-or-untagged';
import { ingressAcmeSolverClassMismatch } from './ingress-acme-solver-class-mismatch';
import { ingressBackendMissing } from './ingress-backend-missing';
import { ingressClassUnknown } from './ingress-class-unknown';
import { ingressHostPathConflict } from './ingress-host-path-conflict';
import { ingressNginxRewriteStripsPrefix } from './ingress-nginx-rewrite-strips-prefix';
import { ingressTlsDuplicateSecret } from './ingress-tls-duplicate-secret';
import { ingressTlsHostNotInRules } from './ingress-tls-host-not-in-rules';
import { missingReadinessProbe } from './missing-readiness-probe';
import { networkPolicyInvalid } from './network-policy-invalid';
import { networkPolicyPeerAnyNamespace } from './network-policy-peer-any-namespace';
import { networkPolicyPeerSelectsNothing } from './network-policy-peer-selects-nothing';
import { nodePortDuplicate } from './node-port-duplicate';
import { nodePortOutOfRange } from './node-port-out-of-range';
import { objectInvalid } from './object-invalid';
import { podSecurityRestricted } from './pod-security-restricted';
import { removedApi } from './removed-api';
import { selectorlessServiceWithoutEndpoints } from './selectorless-service-without-endpoints';
import { servicePortConflict } from './service-port-conflict';
import { serviceSelectorMatchesNothing } from './service-selector-matches-nothing';
import { serviceTargetPortNotExposed } from './service-target-port-not-exposed';
import { workloadUnreachableBehindService } from './workload-unreachable-behind-service';

/** The rules `lint()` runs. Ids are unique (a test checks it). */
export const RULES: readonly LintRule[] = [
  // Services
  serviceSelectorMatchesNothing,
  serviceTargetPortNotExposed,
  servicePortConflict,
  selectorlessServiceWithoutEndpoints,
  externalNameIsIpOrUrl,
  externalNamePrivateTargetBlocked,
  nodePortOutOfRange,
  nodePortDuplicate,
  // Ingress
  ingressBackendMissing,
  ingressHostPathConflict,
  ingressTlsHostNotInRules,
  ingressTlsDuplicateSecret,
  ingressClassUnknown,
  ingressAcmeSolverClassMismatch,
  ingressNginxRewriteStripsPrefix,
  // Gateway API
  gatewayRouteWithoutListener,
  gatewayRouteNamespaceNotAdmitted,
  gatewayRouteHostnameMismatch,
  gatewayRouteReferenceGrantMissing,
  gatewayRouteBackendPortMissing,
  gatewayRouteKindConflict,
  gatewayAcmeSolverMismatch,
  // NetworkPolicy (with the reachability analyzer)
  networkPolicyInvalid,
  adminNetworkPolicyInvalid,
  defaultDenyEgressWithoutDns,
  networkPolicyPeerSelectsNothing,
  networkPolicyPeerAnyNamespace,
  dnsEgressUdpOnly,
  workloadUnreachableBehindService,
  egressReachesCloudMetadata,
  // Pods
  missingReadinessProbe,
  imageLatestOrUntagged,
  podSecurityRestricted,
  envShortServiceNameCrossNamespace,
  // Any object
  objectInvalid,
  duplicateObject,
  removedApi,
];
