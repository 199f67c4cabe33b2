-- Sign-in with Google/Microsoft (OAuth2): how the account signs in, and the application's client
-- ID when the school enters its own. Tokens never come here: they live in the OS keychain.
ALTER TABLE mail_account ADD COLUMN auth TEXT NOT NULL DEFAULT 'password';
ALTER TABLE mail_account ADD COLUMN client_id TEXT NOT NULL DEFAULT '';
