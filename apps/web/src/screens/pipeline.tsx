/** Placeholder while the screen is being built (issue 7). */
import { Page } from '../components/ui';

export default function Screen() {
  return <Page title="pipeline">{null}</Page>;
}
