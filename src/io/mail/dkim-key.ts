// Checks a DKIM private key the way the signer will use it (RSA-SHA256, as nodemailer signs), before anything is sent.
import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';

export interface DkimKeyProblem {
  message: string;
  hint: string;
}

const MIN_BITS = 1024;

/** Why the key cannot sign DKIM, or `undefined` once a trial signature worked. Never quotes the key. */
export function dkimKeyProblem(pem: string): DkimKeyProblem | undefined {
  if (/-----BEGIN [A-Z ]*PUBLIC KEY-----/.test(pem) && !/PRIVATE KEY-----/.test(pem)) return { message: 'is a public key', hint: 'DKIM signs with the private key; the public key goes in DNS' };
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) return { message: 'is not a PEM private key', hint: 'expected -----BEGIN PRIVATE KEY-----; in one line write each line break as \\n' };
  if (/ENCRYPTED/.test(pem)) return encrypted;
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MISSING_PASSPHRASE') return encrypted;
    return { message: 'cannot be read (corrupt or truncated)', hint: 'copy the whole PEM block again, BEGIN and END lines included' };
  }
  if (key.asymmetricKeyType !== 'rsa')
    return { message: `is a ${key.asymmetricKeyType ?? 'unknown'} key, and DKIM here signs rsa-sha256`, hint: 'use an RSA key: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048' };
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_BITS) return { message: `is an RSA key of ${bits} bits`, hint: `receivers ignore DKIM keys under ${MIN_BITS} bits; use 2048` };
  try {
    createSign('RSA-SHA256').update('trial').sign(key);
  } catch {
    return { message: 'cannot sign', hint: 'generate a new RSA key of 2048 bits' };
  }
  return undefined;
}

const encrypted: DkimKeyProblem = { message: 'is encrypted with a passphrase', hint: 'store it decrypted: openssl pkey -in key.pem -out plain.pem' };
