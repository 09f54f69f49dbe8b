/** One file of a Usenet post: its name as posted and its exact bytes. */
export interface PostFile {
  name: string;
  data: Buffer;
}
