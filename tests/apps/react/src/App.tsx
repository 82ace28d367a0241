import { Link, Route, Routes } from 'react-router-dom';
import { useAuth0 } from 'dpop-spa/react';
import { Home } from './Home';
import { Profile } from './Profile';

export function App() {
  const { isLoading, isAuthenticated, error, logout } = useAuth0();
  return (
    <>
      <nav>
        <Link to="/">Home</Link> · <Link to="/profile">Profile</Link>
        {isAuthenticated && (
          <button id="logout" onClick={() => logout({ logoutParams: { returnTo: window.location.origin } })}>
            Log out
          </button>
        )}
      </nav>
      <p id="status">{isLoading ? 'loading' : isAuthenticated ? 'signed-in' : 'signed-out'}</p>
      {error && <p id="error">{error.message}</p>}
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/profile" element={<Profile />} />
      </Routes>
    </>
  );
}
