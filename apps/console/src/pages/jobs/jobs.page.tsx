// Placeholder until this page is written in this change.
export default function Page() {
  return <p>jobs</p>;
}
