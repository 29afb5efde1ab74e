/** A small site for memberships tests of the page: five customers, Acme with bo and dee, Globex with cy. */
export const CUSTOMERS = ['ana', 'bo', 'cy', 'dee', 'eve'].map((name) => ({
  accountId: `qm:${name}`,
  email: `${name}@example.com`,
  displayName: name,
}));

export const ORGANIZATIONS = [
  { id: '41', name: 'Acme', details: {}, customerIds: ['qm:bo', 'qm:dee'], productIds: [] },
  { id: '42', name: 'Globex', details: {}, customerIds: ['qm:cy'], productIds: [] },
];

/** A row of each change a memberships file can make there, and one naming a customer the site does not have. */
export const FILE = [
  'Organization Name,Customer Email,Operation,From Organization Name',
  'Acme,ana@example.com,ADD,',
  'Acme,bo@example.com,REMOVE,',
  'Acme,cy@example.com,MOVE,Globex',
  'Acme,dee@example.com,ADD,',
  'Globex,eve@example.com,REMOVE,',
  'Acme,nobody@example.com,ADD,',
].join('\n');
