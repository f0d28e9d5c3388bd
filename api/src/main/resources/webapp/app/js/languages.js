// Languages offered for transcription ('' = the server's default). The API takes any code like
// 'en' or 'pt-BR'; whether an engine knows it is the engine's business.
export const LANGUAGES = [
  ['', 'Server default'], ['en', 'English'], ['de', 'German'], ['fr', 'French'], ['es', 'Spanish'],
  ['it', 'Italian'], ['pt', 'Portuguese'], ['nl', 'Dutch'], ['ko', 'Korean'], ['ja', 'Japanese'], ['zh', 'Chinese'],
];
