import type { DetailFieldDefinition } from '../../local/emulator/types';

/**
 * Issue 25's example: a HubSpot companies export and the site it goes to, shared by the mapping tests of every layer
 * (domain, CLI, page, browser).
 */
export const CRM_FIELDS: DetailFieldDefinition[] = [
  { name: 'Region', type: 'SELECT', options: ['EMEA', 'AMER', 'APAC'] },
  { name: 'Phone Number', type: 'PHONE' },
  { name: 'Domain', type: 'TEXT' },
  { name: 'CRM Id', type: 'TEXT' },
];

export const HUBSPOT_HEADER = 'Record ID,Company name,Company Domain Name,Sales Region,Phone,Create Date';
export const HUBSPOT_ROWS = [
  '101,Acme Ltd,acme.example,Europe,+44 20 7946 0000,2024-01-02',
  '102,Globex,globex.example,Americas,+1 555 0100,2024-02-03',
  '103,Initech,initech.example,Asia Pacific,+61 2 5550 1234,2024-03-04',
];
export const HUBSPOT = [HUBSPOT_HEADER, ...HUBSPOT_ROWS].join('\n');

/** The mapping proposed for it (without its key), and written by hand in the CLI's and the domain's tests. */
export const HUBSPOT_MAPPING = {
  columns: {
    'Record ID': 'CRM Id',
    'Company name': 'Organization Name',
    'Company Domain Name': 'Domain',
    'Sales Region': 'Region',
    Phone: 'Phone Number',
    'Create Date': null,
  },
  values: { Region: { Europe: 'EMEA', Americas: 'AMER', 'Asia Pacific': 'APAC' } },
};

/** Each organization of HUBSPOT as the site holds it once imported through the mapping. */
export const HUBSPOT_IMPORTED = {
  'Acme Ltd': { 'CRM Id': ['101'], Domain: ['acme.example'], Region: ['EMEA'], 'Phone Number': ['+44 20 7946 0000'] },
  Globex: { 'CRM Id': ['102'], Domain: ['globex.example'], Region: ['AMER'], 'Phone Number': ['+1 555 0100'] },
  Initech: { 'CRM Id': ['103'], Domain: ['initech.example'], Region: ['APAC'], 'Phone Number': ['+61 2 5550 1234'] },
};

/** A smaller export matched by its Record ID (the key-matching and sync tests): the site's fields and the mapping. */
export const KEYED_FIELDS: DetailFieldDefinition[] = [
  { name: 'Region', type: 'SELECT', options: ['AMER', 'APAC', 'EMEA'] },
  { name: 'CRM Id', type: 'TEXT' },
];
export const KEYED_MAPPING = {
  columns: { 'Record ID': 'CRM Id', 'Company name': 'Organization Name', 'Sales Region': 'Region' } as Record<
    string,
    string | null
  >,
  values: { Region: { Europe: 'EMEA', Americas: 'AMER' } },
  key: 'CRM Id',
};
