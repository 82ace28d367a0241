import { useAuth0 } from 'dpop-spa/react';

export function Home() {
  const { isAuthenticated, user, loginWithRedirect, loginWithPopup } = useAuth0();
  if (isAuthenticated) return <p id="welcome">Welcome back, {user?.name}</p>;
  return (
    <>
      <button id="login" onClick={() => loginWithRedirect({ appState: { returnTo: '/profile' } })}>Log in</button>
      <button id="login-popup" onClick={() => loginWithPopup()}>Log in with a popup</button>
    </>
  );
}
