export { Space, formatShape, isNumericArray, type SpaceJSON } from './space.js';
export { Discrete } from './discrete.js';
export { Box, type Bounds } from './box.js';
export { MultiDiscrete } from './multi-discrete.js';
export { MultiBinary } from './multi-binary.js';
export { Tuple, type TupleOf } from './tuple.js';
export { Dict, type DictOf } from './dict.js';
export { discreteSize } from './discrete-size.js';
