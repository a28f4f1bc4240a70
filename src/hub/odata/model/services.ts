/**
 * The source systems a record's `service` property names, each by the UUID
 * of Four/Four's service table, which docs/odata.md ("Services") lists from
 * here (model-docs.ts). Integrations filter on these values, so an
 * identifier never changes once published.
 */
export const SERVICE = {
  salesforce: 'b9d1c5a8-bd2d-45bb-b394-bb6c70bee099',
  gong: '2ced8f92-354e-11ee-8b1e-6f08dcfc80c2',
  zoom: '98bb866e-44f5-4e5e-8a6d-e4610b2d6a03',
  intercom: 'f65905b6-b7c8-11ef-9ae0-476e68765d45',
  zendesk: 'eb778e68-ab0e-11ef-b5a1-672f26fa0665',
  gmail: '650383d0-c6e4-11f0-bd4c-6b8dd6eff051',
  jira: '1fb75b16-7534-435c-9bfb-58452232cd76',
  manualUpload: '66f8a52a-1908-11ef-a0d6-475211cce46c',
} as const;

/** Each service as docs/odata.md names it. */
export const SERVICE_NAMES: Readonly<Record<keyof typeof SERVICE, string>> = {
  salesforce: 'Salesforce',
  gong: 'Gong',
  zoom: 'Zoom',
  intercom: 'Intercom',
  zendesk: 'Zendesk',
  gmail: 'Gmail',
  jira: 'Jira',
  manualUpload: 'Manual Upload',
};
