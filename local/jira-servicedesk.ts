/**
 * The Jira Service Management REST answers the local Jira emulator gives (issue 12), with the documented
 * shapes:
 *  - GET /rest/servicedeskapi/servicedesk?start=&limit=  → PagedDTOServiceDeskDTO
 *    https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-servicedesk/#api-rest-servicedeskapi-servicedesk-get
 *    {size, start, limit, isLastPage, _links: {base, context, next?, prev?, self}, values: [{id, projectId, projectName, projectKey, _links: {self}}]}
 *  - GET /rest/servicedeskapi/request/{issueIdOrKey}  → CustomerRequestDTO (issueId, issueKey, requestTypeId,
 *    serviceDeskId, createdDate, reporter (UserDTO: accountId, emailAddress, displayName, active, timeZone,
 *    _links), requestFieldValues, currentStatus, _links)
 *    https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/#api-rest-servicedeskapi-request-issueidorkey-get
 * Raised requests (the help center's "Raise a request", `POST /local/api/requests`) are kept in a JSON file
 * beside the KVS, so their keys survive a restart as the audit trail that names them does.
 */
import fs from 'node:fs';

export const SITE = 'https://demo-company.atlassian.net';

export interface DeskProject {
  id: string;
  key: string;
  name: string;
  /** The service desk's own id (not the project id). */
  deskId: string;
}

export interface RequestUser {
  accountId: string;
  displayName: string;
  emailAddress?: string;
  active: boolean;
  timeZone: string;
}

export interface RaisedRequest {
  id: string;
  key: string;
  project: string;
  summary: string;
  reporter: RequestUser & { accountType: 'atlassian' | 'customer' };
  /** Milliseconds on the host clock. */
  createdMs: number;
}

type Json = Record<string, unknown>;

/** One page of service desks, as JSM pages them (`start`, `limit` ≤ 100, default 50). */
export function serviceDeskPage(desks: readonly DeskProject[], url: URL): Json {
  const start = Math.max(0, Number.parseInt(url.searchParams.get('start') ?? '0', 10) || 0);
  const limit = Math.min(100, Math.max(1, Number.parseInt(url.searchParams.get('limit') ?? '50', 10) || 50));
  const values = desks.slice(start, start + limit).map((d) => ({
    id: d.deskId,
    projectId: d.id,
    projectName: d.name,
    projectKey: d.key,
    _links: { self: `${SITE}/rest/servicedeskapi/servicedesk/${d.deskId}` },
  }));
  const isLastPage = start + values.length >= desks.length;
  const page = (from: number) => `${SITE}/rest/servicedeskapi/servicedesk?start=${from}&limit=${limit}`;
  return {
    size: values.length,
    start,
    limit,
    isLastPage,
    _links: {
      base: SITE,
      context: '',
      ...(isLastPage ? {} : { next: page(start + limit) }),
      ...(start > 0 ? { prev: page(Math.max(0, start - limit)) } : {}),
      self: page(start),
    },
    values,
  };
}

function userDto(u: RequestUser): Json {
  return {
    accountId: u.accountId,
    ...(u.emailAddress !== undefined ? { emailAddress: u.emailAddress } : {}),
    displayName: u.displayName,
    active: u.active,
    timeZone: u.timeZone,
    _links: { self: `${SITE}/rest/api/2/user?accountId=${encodeURIComponent(u.accountId)}` },
  };
}

function dateDto(ms: number): Json {
  const iso = new Date(ms).toISOString().replace('Z', '+0000');
  return { iso8601: iso, jira: iso, friendly: new Date(ms).toUTCString(), epochMillis: ms };
}

export function customerRequestDto(request: { id: string; key: string; summary: string; reporter: RequestUser; createdMs: number }, desk: DeskProject): Json {
  return {
    _expands: ['participant', 'status', 'sla', 'requestType', 'serviceDesk', 'attachment', 'action', 'comment'],
    issueId: request.id,
    issueKey: request.key,
    requestTypeId: '1',
    serviceDeskId: desk.deskId,
    createdDate: dateDto(request.createdMs),
    reporter: userDto(request.reporter),
    requestFieldValues: [{ fieldId: 'summary', label: 'Summary', value: request.summary }],
    currentStatus: { status: 'Waiting for support', statusCategory: 'NEW', statusDate: dateDto(request.createdMs) },
    _links: { jiraRest: `${SITE}/rest/api/2/issue/${request.id}`, web: `${SITE}/servicedesk/customer/portal/${desk.deskId}/${request.key}`, self: `${SITE}/rest/servicedeskapi/request/${request.id}` },
  };
}

/** The raised requests, in a JSON file (one array) so they survive a restart of the host. */
export class RaisedRequestStore {
  private readonly requests: RaisedRequest[];

  constructor(private readonly file?: string) {
    this.requests = file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as RaisedRequest[]) : [];
  }

  all(): readonly RaisedRequest[] {
    return this.requests;
  }

  add(request: RaisedRequest): void {
    this.requests.push(request);
    if (this.file) fs.writeFileSync(this.file, JSON.stringify(this.requests));
  }
}
