import { describe, expect, it } from 'vitest';
import { nzbgetCategories, nzbgetFolders } from '../../../main/core/nzbget/nzbget-config-reading';
import { NzbgetConfigSchema } from '../../../main/core/nzbget/nzbget-schemas';
import { nzbgetFixture } from './nzbget-fixtures';

const captured = NzbgetConfigSchema.parse((nzbgetFixture('api-config.json') as { body: { result: unknown } }).body.result);

describe('reading NZBGet config', () => {
  it('finds the folders and each category with the folder it completes into (real capture)', () => {
    expect(nzbgetFolders(captured)).toEqual({ mainDir: '/srv/nzbget', destDir: '/srv/nzbget/complete', interDir: '/srv/nzbget/intermediate' });
    expect(nzbgetCategories(captured)).toEqual([
      { name: 'tv', destDir: '/srv/nzbget/complete/tv' },
      { name: 'movies', destDir: '/srv/nzbget/complete/movies' },
      { name: 'tiny', destDir: '/srv/nzbget/tiny' },
      { name: 'scripted', destDir: '/srv/nzbget/complete/scripted' },
    ]);
  });

  it("resolves ${MainDir}, honours AppendCategoryDir=no and an empty InterDir (NZBGet's template style)", () => {
    const config = [
      { Name: 'MainDir', Value: '/data/usenet' },
      { Name: 'DestDir', Value: '${MainDir}/dst' },
      { Name: 'InterDir', Value: '' },
      { Name: 'AppendCategoryDir', Value: 'no' },
      { Name: 'Category1.Name', Value: 'Movies' },
      { Name: 'Category1.DestDir', Value: '${DestDir}/films' },
      { Name: 'Category2.Name', Value: 'Series' },
    ];
    expect(nzbgetFolders(config)).toEqual({ mainDir: '/data/usenet', destDir: '/data/usenet/dst', interDir: null });
    expect(nzbgetCategories(config)).toEqual([
      { name: 'Movies', destDir: '/data/usenet/dst/films' },
      { name: 'Series', destDir: '/data/usenet/dst' },
    ]);
  });
});
