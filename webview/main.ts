// The one webview script: every panel's code in one bundle (the UI toolkit and the player ship once, not per panel);
// the page's <body data-panel> says which panel to run.
import { start as backward } from './backwardPanel';
import { start as convolution } from './convolutionPanel';
import { start as equivariance } from './equivariancePanel';
import { start as filters } from './filtersPanel';
import { start as graph } from './graphPanel';
import { start as pooling } from './poolingPanel';
import { start as receptiveField } from './receptiveFieldPanel';
import { start as separable } from './separablePanel';
import { start as transposed } from './transposedPanel';
import * as l10n from '../src/l10n';
import type { PanelKind } from '../src/contract/viewModels';

const PANELS: Readonly<Record<PanelKind | 'graph', () => void>> = {
  backward,
  convolution,
  equivariance,
  filters,
  graph,
  pooling,
  receptiveField,
  separable,
  transposed,
};

const isPanelKind = (v: string | undefined): v is PanelKind | 'graph' =>
  v !== undefined && Object.prototype.hasOwnProperty.call(PANELS, v);

const kind = document.body.dataset['panel'];
if (isPanelKind(kind)) PANELS[kind]();
else document.getElementById('app')!.textContent = l10n.t('ConvLens: no panel named {0}', kind ?? '—');
