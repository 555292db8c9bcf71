/** SCRAM-SHA-256 against RFC 7677's example exchange (user "user", password "pencil"). */
import { AuthenticationFailed } from '../../src/pg/errors';
import { ScramExchange, scramVerifier } from '../../src/pg/scram';

const clientFirst = 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO';
const serverNonce = '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
const clientFinal =
  'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';

describe('ScramExchange', () => {
  it('answers the RFC 7677 client as the RFC does, server signature included', () => {
    const exchange = new ScramExchange(scramVerifier('pencil', salt, 4096), serverNonce);
    expect(exchange.first(clientFirst)).toBe(
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    );
    expect(exchange.final(clientFinal)).toBe('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
  });

  it('refuses the same proof for another password', () => {
    const exchange = new ScramExchange(scramVerifier('pencil2', salt, 4096), serverNonce);
    exchange.first(clientFirst);
    expect(() => exchange.final(clientFinal)).toThrow(AuthenticationFailed);
  });

  it('refuses a final message with another nonce, and channel binding it cannot do', () => {
    const exchange = new ScramExchange(scramVerifier('pencil', salt, 4096), 'other');
    exchange.first(clientFirst);
    expect(() => exchange.final(clientFinal)).toThrow(/does not continue this exchange/);
    expect(() =>
      new ScramExchange(scramVerifier('pencil')).first('p=tls-server-end-point,,n=user,r=x'),
    ).toThrow(/channel binding/);
  });
});
