package sandboxtest_test

import (
	"context"
	"testing"

	"github.com/wpti/toolkit/gen/wpti"
	"github.com/wpti/toolkit/sandbox/sandboxtest"
)

func TestSmoke(t *testing.T) {
	sb := sandboxtest.New(t, sandboxtest.WithSFTP())
	c, err := wpti.NewClientWithResponses(sb.URL+"/wpti/v1", wpti.WithRequestEditorFn(sb.Bearer(t, "olo001-crm")))
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.ElencaOrdiniWlrWithResponse(context.Background(), nil)
	if err != nil || r.JSON200 == nil {
		t.Fatalf("%v %d %s", err, r.StatusCode(), r.Body)
	}
	t.Logf("%d orders", r.JSON200.Totale)
}
