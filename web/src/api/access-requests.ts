/**
 * The web app's calls for access requests (issue 18), kept apart from api.ts so that features
 * merge cleanly: asking, the requester's own list and withdrawal, the granters' inbox and decisions.
 */
import { api } from '../api.ts';

export type AccessRequestStatus = 'open' | 'approved' | 'refused' | 'withdrawn' | 'expired';

export interface AccessRequest {
  id: string;
  enterprise: string;
  requester: string;
  requesterName: string | null;
  kind: 'service' | 'access_manager';
  domain: string;
  service: string | null;
  role: string | null;
  message: string;
  wishedUntil: string | null;
  status: AccessRequestStatus;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  reason: string | null;
  grantedUntil: string | null;
  result: string | null;
}

export interface AskBody {
  service?: string;
  role?: string;
  accessManagerOf?: string;
  message: string;
  validUntil?: string;
  email?: string;
  phone?: string;
}

const en = (n: string) => encodeURIComponent(n);

export const accessRequestsApi = {
  ask: (enterprise: string, body: AskBody) =>
    api<{ request: AccessRequest; notified: number }>(`/api/v1/enterprises/${en(enterprise)}/access-requests`, {
      method: 'POST',
      body,
    }),
  minePath: '/api/v1/me/access-requests',
  withdraw: (id: string) =>
    api<{ request: AccessRequest }>(`/api/v1/me/access-requests/${en(id)}/withdraw`, { method: 'POST', body: {} }),
  inboxPath: (enterprise: string, state: 'open' | 'decided' = 'open') =>
    `/api/v1/enterprises/${en(enterprise)}/access-requests${state === 'decided' ? '?state=decided' : ''}`,
  approve: (enterprise: string, id: string, validUntil: string | null) =>
    api<{ request: AccessRequest }>(`/api/v1/enterprises/${en(enterprise)}/access-requests/${en(id)}/approve`, {
      method: 'POST',
      body: { validUntil },
    }),
  refuse: (enterprise: string, id: string, reason: string) =>
    api<{ request: AccessRequest }>(`/api/v1/enterprises/${en(enterprise)}/access-requests/${en(id)}/refuse`, {
      method: 'POST',
      body: { reason },
    }),
  enterprise: (enterprise: string) =>
    api<{ number: string; display: string; status: { isActive: boolean }; names: { name: string; type: string }[] }>(
      `/api/v1/enterprises/${en(enterprise)}`,
    ),
};
