/** The Vibe mark and name at the top of the sign-in, sign-up, invitation and reset cards. */
export function Brand() {
  return (
    <div className="brand brand-large">
      <span className="brand-mark" aria-hidden="true" />
      Vibe
    </div>
  );
}
