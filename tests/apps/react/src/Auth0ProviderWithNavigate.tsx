// The provider inside the router, so that returning from the login goes through the
// router's navigate instead of the default history.replaceState.
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { Auth0Provider, type AppState } from 'dpop-spa/react';
import { config } from './config';

export function Auth0ProviderWithNavigate({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const onRedirectCallback = (appState?: AppState) => {
    navigate(appState?.returnTo || window.location.pathname, { replace: true });
  };
  return (
    <Auth0Provider
      domain={config.domain}
      clientId={config.clientId}
      useDpop={true}
      useRefreshTokens={true}
      cacheLocation="localstorage"
      authorizationParams={{ redirect_uri: window.location.origin, audience: config.audience }}
      onRedirectCallback={onRedirectCallback}
    >
      {children}
    </Auth0Provider>
  );
}
