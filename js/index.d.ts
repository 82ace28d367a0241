// Placeholder, replaced below
