package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"sync"
)

// JSONCodec is encoding/json for the generated server (runtime.SetJSONCodec), with request
// bodies read into a reused buffer and decoded with json.Unmarshal. The default codec's
// json.Decoder grows a fresh 1.5 KiB buffer for every body, the largest single piece of
// garbage of a create. Answers are encoded exactly as by the default codec.
//
// The one difference, data after the JSON value being refused rather than ignored, cannot
// be seen through the sandbox: the contract layer refuses such a body first (400).
type JSONCodec struct{}

var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (JSONCodec) Marshal(v any) ([]byte, error)      { return json.Marshal(v) }
func (JSONCodec) Unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

// MarshalWrite is the default codec's: one Encode, newline included.
func (JSONCodec) MarshalWrite(w io.Writer, v any) error { return json.NewEncoder(w).Encode(v) }

// UnmarshalRead decodes r's whole content; json.Unmarshal copies what it keeps, so the
// buffer is reused.
func (JSONCodec) UnmarshalRead(r io.Reader, v any) error {
	b := bodyBuffers.Get().(*bytes.Buffer)
	defer func() {
		if b.Cap() <= MaxBody {
			b.Reset()
			bodyBuffers.Put(b)
		}
	}()
	if _, err := b.ReadFrom(r); err != nil {
		return err
	}
	return json.Unmarshal(b.Bytes(), v)
}
