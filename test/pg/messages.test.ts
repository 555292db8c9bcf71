/** Each backend message as node-postgres's own parser (pg-protocol) reads it. */
import type { BackendMessage } from 'pg-protocol/dist/messages';
import { Parser } from 'pg-protocol/dist/parser';
import {
  authenticationOk,
  authenticationSasl,
  authenticationSaslContinue,
  authenticationSaslFinal,
  backendKeyData,
  commandComplete,
  dataRow,
  emptyQueryResponse,
  errorResponse,
  parameterStatus,
  readyForQuery,
  rowDescription,
} from '../../src/pg/messages';

function parsed(...buffers: Buffer[]): BackendMessage[] {
  const messages: BackendMessage[] = [];
  new Parser().parse(Buffer.concat(buffers), (message) => messages.push(message));
  return messages;
}

describe('backend messages', () => {
  it('authentication: Ok, SASL with SCRAM-SHA-256, continue and final', () => {
    expect(parsed(authenticationOk())).toEqual([expect.objectContaining({ name: 'authenticationOk' })]);
    expect(parsed(authenticationSasl())[0]).toMatchObject({
      name: 'authenticationSASL',
      mechanisms: ['SCRAM-SHA-256'],
    });
    expect(parsed(authenticationSaslContinue('r=abc,s=c2FsdA==,i=4096'))[0]).toMatchObject({
      name: 'authenticationSASLContinue',
      data: 'r=abc,s=c2FsdA==,i=4096',
    });
    expect(parsed(authenticationSaslFinal('v=xyz'))[0]).toMatchObject({
      name: 'authenticationSASLFinal',
      data: 'v=xyz',
    });
  });

  it('ParameterStatus, BackendKeyData and ReadyForQuery', () => {
    expect(
      parsed(parameterStatus('server_version', '16.0'), backendKeyData(7, 9), readyForQuery('T')),
    ).toEqual([
      expect.objectContaining({
        name: 'parameterStatus',
        parameterName: 'server_version',
        parameterValue: '16.0',
      }),
      expect.objectContaining({ name: 'backendKeyData', processID: 7, secretKey: 9 }),
      expect.objectContaining({ name: 'readyForQuery', status: 'T' }),
    ]);
  });

  it('RowDescription: names, type OIDs and sizes, text format', () => {
    const [message] = parsed(
      rowDescription([
        { name: 'answer', typeOid: 23, typeSize: 4 },
        { name: 'naïve', typeOid: 25, typeSize: -1 },
      ]),
    );
    expect(message).toMatchObject({
      name: 'rowDescription',
      fieldCount: 2,
      fields: [
        { name: 'answer', dataTypeID: 23, dataTypeSize: 4, dataTypeModifier: -1, format: 'text' },
        { name: 'naïve', dataTypeID: 25, dataTypeSize: -1, format: 'text' },
      ],
    });
  });

  it('DataRow: UTF-8 text, an empty string and a NULL kept apart', () => {
    expect(parsed(dataRow(['42', '', null, 'grüezi']))[0]).toMatchObject({
      name: 'dataRow',
      fields: ['42', '', null, 'grüezi'],
    });
  });

  it('CommandComplete and EmptyQueryResponse', () => {
    expect(parsed(commandComplete('SELECT 3'), emptyQueryResponse())).toEqual([
      expect.objectContaining({ name: 'commandComplete', text: 'SELECT 3' }),
      expect.objectContaining({ name: 'emptyQuery' }),
    ]);
  });

  it('ErrorResponse: severity, SQLSTATE, message, detail', () => {
    expect(
      parsed(
        errorResponse({
          severity: 'ERROR',
          code: '42P01',
          message: 'Table nope does not exist',
          detail: 'metaq error: QueryFailed',
        }),
      )[0],
    ).toMatchObject({
      name: 'error',
      severity: 'ERROR',
      code: '42P01',
      message: 'Table nope does not exist',
      detail: 'metaq error: QueryFailed',
    });
  });
});
