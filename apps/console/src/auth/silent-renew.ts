import { UserManager } from 'oidc-client-ts';

// The page the provider redirects the hidden iframe to: hand the answer to the console.
void new UserManager({ authority: '', client_id: '', redirect_uri: '' }).signinSilentCallback();
