import { ed25519KeySetting } from '../../platform/crypto/signing-key.ts';
import { integer, ModuleSettings } from '../../platform/settings/index.ts';

export interface DocumentSettings {
  /** Hours a station has to settle a request made online before its commander sees it overdue. */
  requestHours: number;
  /** Hours after that before an unsettled request becomes a case for IAU. */
  escalateHours: number;
  /** The documents' Ed25519 private key (PKCS#8 PEM); undefined: `$DATA_DIR/documents-key.pem`, generated once. */
  signingKey: string | undefined;
}

export const documentSettings = new ModuleSettings<DocumentSettings>('documents', (env, problems) => ({
  requestHours: integer(env, 'DOCUMENTS_REQUEST_HOURS', 24, problems, 1, 24 * 30),
  escalateHours: integer(env, 'DOCUMENTS_ESCALATE_HOURS', 24, problems, 1, 24 * 30),
  signingKey: ed25519KeySetting(
    'DOCUMENTS_SIGNING_KEY',
    env.DOCUMENTS_SIGNING_KEY,
    env.DATABASE_URL,
    'every instance signs documents with the same key',
    problems,
  ),
}));
