// Builds a tiny real ONNX model for a layer stack, so the page can let onnxruntime compute each
// layer's output shape next to our formula ("a calculator that proves itself"). One channel in
// and out per layer, zero weights, no bias: only shapes matter, so a model is a few KB.
//
// Only the ONNX fields we need are written, by hand, with protobufjs' low-level Writer (field
// numbers from onnx/onnx.proto, checked against the onnx Python package's descriptors).

import protobuf from 'protobufjs/minimal.js';
import type { Dims, Layer } from './conv-arithmetic.ts';
import { analyseStack, layerPads } from './conv-arithmetic.ts';

type Writer = protobuf.Writer;

// protobuf wire types
const VARINT = 0;
const LEN = 2;
const tag = (field: number, wire: number) => (field << 3) | wire;

// onnx.proto enums
const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_INT = 2; // AttributeProto.AttributeType.INT
const ATTR_INTS = 7; // AttributeProto.AttributeType.INTS

/**
 * Opset 17 (IR 8) by default, as old runtimes read it too. Opset 22 (IR 10, ORT >= 1.20) is the
 * first whose static shape inference for MaxPool/AveragePool applies the ceil_mode "last window
 * must start inside" rule; with 17, ORT's kernels still compute the right size, but
 * session.outputMetadata can report one more and ORT logs a VerifyOutputSizes warning
 * (see tests/unit/onnx-graph.test.ts). Always read shapes from the output tensors.
 */
export type Opset = 17 | 22;
const IR_VERSION: Record<Opset, number> = { 17: 8, 22: 10 };

/** Writes a length-delimited sub-message as field `field`. */
function sub(w: Writer, field: number, body: (w: Writer) => void): void {
  w.uint32(tag(field, LEN)).fork();
  body(w);
  w.ldelim();
}

const str = (w: Writer, field: number, s: string) => w.uint32(tag(field, LEN)).string(s);
const int = (w: Writer, field: number, v: number) => w.uint32(tag(field, VARINT)).int64(v);

// AttributeProto: name=1, i=3, ints=8 (repeated, written unpacked as proto2 does), type=20
function attrInt(w: Writer, name: string, v: number): void {
  sub(w, 5, (a) => {
    str(a, 1, name);
    int(a, 3, v);
    int(a, 20, ATTR_INT);
  });
}
function attrInts(w: Writer, name: string, vs: number[]): void {
  sub(w, 5, (a) => {
    str(a, 1, name);
    for (const v of vs) int(a, 8, v);
    int(a, 20, ATTR_INTS);
  });
}

// ValueInfoProto: name=1, type=2 -> TypeProto.tensor_type=1 -> {elem_type=1, shape=2 ->
// TensorShapeProto.dim=1 -> {dim_value=1 | dim_param=2}}
function valueInfo(w: Writer, field: number, name: string, dims: (number | string)[]): void {
  sub(w, field, (v) => {
    str(v, 1, name);
    sub(v, 2, (t) =>
      sub(t, 1, (tt) => {
        int(tt, 1, FLOAT);
        sub(tt, 2, (shape) => {
          for (const dim of dims) {
            sub(shape, 1, (dw) => (typeof dim === 'number' ? int(dw, 1, dim) : str(dw, 2, dim)));
          }
        });
      }),
    );
  });
}

// TensorProto: dims=1, data_type=2, name=8, raw_data=9 (little-endian float32 zeros)
function zeroWeight(w: Writer, name: string, dims: number[]): void {
  sub(w, 5, (t) => {
    for (const d of dims) int(t, 1, d);
    int(t, 2, FLOAT);
    str(t, 8, name);
    t.uint32(tag(9, LEN)).bytes(new Uint8Array(4 * dims.reduce((a, b) => a * b, 1)));
  });
}

const ONNX_OP = { conv: 'Conv', convT: 'ConvTranspose', maxpool: 'MaxPool', avgpool: 'AveragePool' };

/** NodeProto: input=1, output=2, name=3, op_type=4, attribute=5. */
function node(w: Writer, layer: Layer, i: number, rank: number, input: string): void {
  const rep = (v: number) => new Array<number>(rank).fill(v);
  const [pb, pe] = layerPads(layer);
  sub(w, 1, (n) => {
    str(n, 1, input);
    if (layer.op === 'conv' || layer.op === 'convT') str(n, 1, `w_${i}`);
    str(n, 2, `layer_${i}`);
    str(n, 3, `node_${i}`);
    str(n, 4, ONNX_OP[layer.op]);
    attrInts(n, 'kernel_shape', rep(layer.k));
    attrInts(n, 'strides', rep(layer.s));
    // ONNX pads: all begins, then all ends. 'same' is already resolved to explicit pads.
    attrInts(n, 'pads', [...rep(pb), ...rep(pe)]);
    if (layer.op !== 'avgpool') attrInts(n, 'dilations', rep(layer.d));
    if (layer.op === 'conv' || layer.op === 'convT') attrInt(n, 'group', 1);
    if (layer.op === 'convT') attrInts(n, 'output_padding', rep(layer.outPad));
    if (layer.op === 'maxpool' || layer.op === 'avgpool') attrInt(n, 'ceil_mode', layer.ceil ? 1 : 0);
    if (layer.op === 'maxpool') attrInt(n, 'storage_order', 0);
    // PyTorch's AvgPool default count_include_pad=True (shape-neutral, but keep values honest).
    if (layer.op === 'avgpool') attrInt(n, 'count_include_pad', 1);
  });
}

/**
 * ONNX model for a valid stack: input `x` float32 [1, 1, ...input]; every layer's output is a
 * graph output `layer_<i>` with symbolic spatial dims, so the runtime (not us) decides them.
 * Throws if the stack is invalid.
 */
export function buildStackModel(input: Dims, layers: Layer[], opset: Opset = 17): Uint8Array {
  const rows = analyseStack(input, layers);
  const bad = rows.find((r) => r.issues.length);
  if (layers.length === 0 || bad || rows.length !== layers.length) {
    throw new Error(`invalid stack at layer ${bad ? bad.index : rows.length}`);
  }
  const rank = input.length;
  const w = protobuf.Writer.create();
  int(w, 1, IR_VERSION[opset]);
  str(w, 2, 'ai-dlya-vseh-explained conv-arithmetic');
  sub(w, 7, (g) => {
    layers.forEach((layer, i) => node(g, layer, i, rank, i === 0 ? 'x' : `layer_${i - 1}`));
    str(g, 2, 'conv_stack');
    layers.forEach((layer, i) => {
      if (layer.op !== 'conv' && layer.op !== 'convT') return;
      // Conv weight [C_out, C_in, k...]; ConvTranspose [C_in, C_out, k...]; both 1x1 here.
      zeroWeight(g, `w_${i}`, [1, 1, ...new Array<number>(rank).fill(layer.k)]);
    });
    valueInfo(g, 11, 'x', [1, 1, ...input]);
    layers.forEach((_, i) => {
      valueInfo(g, 12, `layer_${i}`, [1, 1, ...input.map((_, a) => `layer_${i}_d${a}`)]);
    });
  });
  // OperatorSetIdProto: domain=1 (empty = default ONNX domain), version=2
  sub(w, 8, (o) => {
    str(o, 1, '');
    int(o, 2, opset);
  });
  return w.finish();
}

// ---------------------------------------------------------------- where onnxruntime differs

/** Known onnxruntime-web 1.30 behaviours that differ from PyTorch for a layer (see tests). */
export type OrtCaveat =
  // ORT's pool kernels require pad < kernel_shape (not the effective kernel): a dilated max
  // pool that PyTorch >= 2.3 accepts is refused when the session is created.
  | { code: 'ortPoolPadNotSmallerThanKernel'; params: { p: number; k: number } }
  // PyTorch accepts output_padding < stride OR < dilation; ORT's ConvTranspose fails at run
  // time whenever output_padding >= stride ("output_padding may be too large for stride").
  | { code: 'ortOutPadNotSmallerThanStride'; params: { outPad: number; s: number } };

/** Layers PyTorch accepts but onnxruntime-web 1.30 refuses; the UI can say why up front. */
export function ortCaveats(layer: Layer): OrtCaveat[] {
  const out: OrtCaveat[] = [];
  if ((layer.op === 'maxpool' || layer.op === 'avgpool') && layer.p !== 'same' && layer.p >= layer.k) {
    out.push({ code: 'ortPoolPadNotSmallerThanKernel', params: { p: layer.p, k: layer.k } });
  }
  if (layer.op === 'convT' && layer.outPad >= layer.s) {
    out.push({ code: 'ortOutPadNotSmallerThanStride', params: { outPad: layer.outPad, s: layer.s } });
  }
  return out;
}

