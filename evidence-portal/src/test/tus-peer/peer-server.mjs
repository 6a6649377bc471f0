// The reference tus server (@tus/server + @tus/file-store) for the upload benchmark.
// Usage: node peer-server.mjs PORT DIRECTORY stock|fsync
// "fsync": after each PATCH's bytes are written, fdatasync the file before the offset is answered, so an
// acknowledged offset survives a crash (the stock FileStore never syncs).
import fs from 'node:fs';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';

const [port, directory, mode] = process.argv.slice(2);

class SyncingFileStore extends FileStore {
  async write(readable, id, offset) {
    const end = await super.write(readable, id, offset);
    const handle = await fs.promises.open(this.resolve(id), 'r+');
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
    return end;
  }
}

const datastore = mode === 'fsync' ? new SyncingFileStore({ directory }) : new FileStore({ directory });
const server = new Server({ path: '/files', datastore });
server.listen({ host: '127.0.0.1', port: Number(port) }, () => {
  console.log('listening ' + port + ' ' + mode);
});
