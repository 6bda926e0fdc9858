// Who may publish the map. Publishing puts the bureau's word in front of the public: administrators
// only. Officers and assistants may read the version list; assistants never publish (national
// guidance: auxiliary work only). Anyone reads the published map itself (map-search, map endpoints).
import type { Viewer } from '../../graphql/context';
import { requireRole } from '../accounts/accounts.policy';

export const publicationPolicy = {
  publish: (viewer: Viewer | null) => requireRole(viewer, ['ADMIN'], { zh: '发布便民服务地图', en: 'publish the map' }),
  preview: (viewer: Viewer | null) => requireRole(viewer, ['ADMIN'], { zh: '预览地图发布', en: 'preview a publication' }),
  list: (viewer: Viewer | null) => requireRole(viewer, ['ADMIN', 'OFFICER', 'ASSISTANT'], { zh: '查看地图版本', en: 'list published versions' }),
};
