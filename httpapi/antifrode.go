package httpapi

import (
	"context"
	"strings"

	af "github.com/wpti/toolkit/gen/wptiaf"
	"github.com/wpti/toolkit/world"
)

// antifrode implements the WPTI_AF strict server on the world.
type antifrode struct {
	w    *world.World
	base string
}

var _ af.StrictServerInterface = (*antifrode)(nil)

func autore(ctx context.Context) string {
	p, _ := PrincipalFrom(ctx)
	if p.ClientID == "" {
		return "api"
	}
	return p.ClientID
}

func (s *antifrode) CreaToken(ctx context.Context, r af.CreaTokenRequestObject) (af.CreaTokenResponseObject, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	tok, ttl, scopes, err := s.w.IssueToken(r.Body.ClientId, deref(r.Body.ClientSecret), deref(r.Body.Scope))
	if err != nil {
		return nil, err
	}
	sc := strings.Join(scopes, " ")
	return af.CreaToken200JSONResponse{Body: af.Token{AccessToken: tok, ExpiresIn: ttl, TokenType: "Bearer", Scope: &sc}, Headers: af.CreaToken200ResponseHeaders{CacheControl: ptr("no-store")}}, nil
}

func (s *antifrode) ElencaAllarmi(ctx context.Context, r af.ElencaAllarmiRequestObject) (af.ElencaAllarmiResponseObject, error) {
	v, err := s.w.ElencaAllarmi(opID(ctx), r.Params)
	return af.ElencaAllarmi200JSONResponse(v), err
}

func (s *antifrode) LeggiAllarme(ctx context.Context, r af.LeggiAllarmeRequestObject) (af.LeggiAllarmeResponseObject, error) {
	v, err := s.w.LeggiAllarme(opID(ctx), r.Id)
	return af.LeggiAllarme200JSONResponse(v), err
}

func (s *antifrode) AggiornaAllarme(ctx context.Context, r af.AggiornaAllarmeRequestObject) (af.AggiornaAllarmeResponseObject, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	v, err := s.w.AggiornaAllarme(opID(ctx), autore(ctx), r.Id, *r.Body)
	return af.AggiornaAllarme200JSONResponse(v), err
}

func (s *antifrode) ElencaSoglie(ctx context.Context, r af.ElencaSoglieRequestObject) (af.ElencaSoglieResponseObject, error) {
	v, err := s.w.ElencaSoglie(opID(ctx), r.Params)
	return af.ElencaSoglie200JSONResponse(v), err
}

func (s *antifrode) CreaSoglia(ctx context.Context, r af.CreaSogliaRequestObject) (af.CreaSogliaResponseObject, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	v, err := s.w.CreaSoglia(opID(ctx), r.Params.IdempotencyKey, *r.Body)
	if err != nil {
		return nil, err
	}
	return af.CreaSoglia201JSONResponse{Body: v, Headers: af.CreaSoglia201ResponseHeaders{Location: ptr(s.base + "/soglie/" + v.Id)}}, nil
}

func (s *antifrode) LeggiSoglia(ctx context.Context, r af.LeggiSogliaRequestObject) (af.LeggiSogliaResponseObject, error) {
	v, err := s.w.LeggiSoglia(opID(ctx), r.Id)
	return af.LeggiSoglia200JSONResponse(v), err
}

func (s *antifrode) AggiornaSoglia(ctx context.Context, r af.AggiornaSogliaRequestObject) (af.AggiornaSogliaResponseObject, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	v, err := s.w.AggiornaSoglia(opID(ctx), r.Id, *r.Body)
	return af.AggiornaSoglia200JSONResponse(v), err
}

func (s *antifrode) EliminaSoglia(ctx context.Context, r af.EliminaSogliaRequestObject) (af.EliminaSogliaResponseObject, error) {
	if err := s.w.EliminaSoglia(opID(ctx), r.Id); err != nil {
		return nil, err
	}
	return af.EliminaSoglia204Response{}, nil
}

func (s *antifrode) ElencaBlocchi(ctx context.Context, r af.ElencaBlocchiRequestObject) (af.ElencaBlocchiResponseObject, error) {
	v, err := s.w.ElencaBlocchi(opID(ctx), r.Params)
	return af.ElencaBlocchi200JSONResponse(v), err
}

func (s *antifrode) CreaBlocco(ctx context.Context, r af.CreaBloccoRequestObject) (af.CreaBloccoResponseObject, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	v, err := s.w.CreaBlocco(opID(ctx), autore(ctx), r.Params.IdempotencyKey, *r.Body)
	if err != nil {
		return nil, err
	}
	return af.CreaBlocco201JSONResponse{Body: v, Headers: af.CreaBlocco201ResponseHeaders{Location: ptr(s.base + "/blocchi/" + v.Id)}}, nil
}

func (s *antifrode) EliminaBlocco(ctx context.Context, r af.EliminaBloccoRequestObject) (af.EliminaBloccoResponseObject, error) {
	if err := s.w.EliminaBlocco(opID(ctx), r.Id); err != nil {
		return nil, err
	}
	return af.EliminaBlocco204Response{}, nil
}

func (s *antifrode) ElencaProfiliBlocco(ctx context.Context, r af.ElencaProfiliBloccoRequestObject) (af.ElencaProfiliBloccoResponseObject, error) {
	v, err := s.w.ElencaProfiliBlocco(opID(ctx), r.Params)
	return af.ElencaProfiliBlocco200JSONResponse(v), err
}

func (s *antifrode) LeggiTraffico(ctx context.Context, r af.LeggiTrafficoRequestObject) (af.LeggiTrafficoResponseObject, error) {
	v, err := s.w.LeggiTraffico(opID(ctx), r.Params)
	return af.LeggiTraffico200JSONResponse(v), err
}

func ptr[T any](v T) *T { return &v }
