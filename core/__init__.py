"""The shared ground floor: helpers every app may use (validation, money, glossary, versioned edits…).

It imports no app of this project; every app may import it."""
