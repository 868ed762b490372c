/** The fines pages' own styles (built from client/fines.css with the officer form's script). */
export function FinesStyles() {
  return <link rel="stylesheet" href="/assets/fines.css" />;
}
