// What import.csv needs from the host's upload store: the file behind an upload_id of the
// caller's workspace. The host keeps the files (packages/host/src/uploads.ts); handlers only read.

export interface UploadedFile {
  path: string;
  /** sha256 of the file's bytes, computed while it was received. */
  sha256: string;
  sizeBytes: number;
}

export interface UploadSource {
  /** The upload of this workspace with this id, or undefined (unknown, expired, another workspace's). */
  find(workspaceId: string, uploadId: string): Promise<UploadedFile | undefined>;
}

/** Without an upload store (a bare handler set), every upload_id is unknown. */
export const noUploads: UploadSource = { find: async () => undefined };
