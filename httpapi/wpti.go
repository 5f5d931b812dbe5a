package httpapi

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/wpti/toolkit/gen/wpti"
	"github.com/wpti/toolkit/world"
)

// provisioning implements the WPTI strict server on the world: each method takes the
// caller's OP_ID from the context, asks the world, and wraps the answer in its response type.
// Errors (*world.Errore) become problem+json in one place (problemFromError).
type provisioning struct {
	w        *world.World
	base     string
	sftpHost string
	sftpPort int
}

var _ wpti.StrictServerInterface = (*provisioning)(nil)

func opID(ctx context.Context) string {
	p, _ := PrincipalFrom(ctx)
	return p.OpID
}

var errNoBody = &world.Errore{Status: 400, Codice: "VALIDAZIONE", Messaggio: "corpo della richiesta mancante", Campi: []world.ErroreCampo{{Campo: "body", Messaggio: "obbligatorio"}}}

func (s *provisioning) CreaToken(ctx context.Context, r wpti.CreaTokenRequestObject) (wpti.CreaTokenResponseObject, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	tok, ttl, scopes, err := s.w.IssueToken(r.Body.ClientId, deref(r.Body.ClientSecret), deref(r.Body.Scope))
	if err != nil {
		return nil, err
	}
	sc := strings.Join(scopes, " ")
	return wpti.CreaToken200JSONResponse{Body: wpti.Token{AccessToken: tok, ExpiresIn: ttl, TokenType: "Bearer", Scope: &sc}, Headers: wpti.CreaToken200ResponseHeaders{CacheControl: "no-store"}}, nil
}

func (s *provisioning) LeggiOperatore(ctx context.Context, _ wpti.LeggiOperatoreRequestObject) (wpti.LeggiOperatoreResponseObject, error) {
	v, err := s.w.LeggiOperatore(opID(ctx), s.sftpHost, s.sftpPort)
	return wpti.LeggiOperatore200JSONResponse(v), err
}

func (s *provisioning) ElencaComunicazioni(ctx context.Context, r wpti.ElencaComunicazioniRequestObject) (wpti.ElencaComunicazioniResponseObject, error) {
	v, err := s.w.ElencaComunicazioni(opID(ctx), r.Params)
	return wpti.ElencaComunicazioni200JSONResponse(v), err
}

func (s *provisioning) LeggiComunicazione(ctx context.Context, r wpti.LeggiComunicazioneRequestObject) (wpti.LeggiComunicazioneResponseObject, error) {
	v, err := s.w.LeggiComunicazione(opID(ctx), r.Id)
	return wpti.LeggiComunicazione200JSONResponse(v), err
}

func (s *provisioning) SegnaComunicazioneLetta(ctx context.Context, r wpti.SegnaComunicazioneLettaRequestObject) (wpti.SegnaComunicazioneLettaResponseObject, error) {
	v, err := s.w.SegnaComunicazioneLetta(opID(ctx), r.Id)
	return wpti.SegnaComunicazioneLetta200JSONResponse(v), err
}

func (s *provisioning) LeggiTabella(ctx context.Context, r wpti.LeggiTabellaRequestObject) (wpti.LeggiTabellaResponseObject, error) {
	v, etag, err := s.w.Tabella(r.Tabella)
	if err != nil {
		return nil, err
	}
	if inm := deref(r.Params.IfNoneMatch); inm != "" && (inm == etag || inm == "*" || inm == "W/"+etag) {
		return wpti.LeggiTabella304Response{Headers: wpti.LeggiTabella304ResponseHeaders{ETag: etag}}, nil
	}
	return wpti.LeggiTabella200JSONResponse{Body: v, Headers: wpti.LeggiTabella200ResponseHeaders{ETag: etag}}, nil
}

func (s *provisioning) VerificaFattibilita(ctx context.Context, r wpti.VerificaFattibilitaRequestObject) (wpti.VerificaFattibilitaResponseObject, error) {
	v, err := s.w.VerificaFattibilita(opID(ctx), r.Params.Dn)
	return wpti.VerificaFattibilita200JSONResponse(v), err
}

func (s *provisioning) ElencaDocumenti(ctx context.Context, r wpti.ElencaDocumentiRequestObject) (wpti.ElencaDocumentiResponseObject, error) {
	v, err := s.w.ElencaDocumenti(opID(ctx), r.Params)
	return wpti.ElencaDocumenti200JSONResponse(v), err
}

func (s *provisioning) LeggiRiepilogoDashboard(ctx context.Context, r wpti.LeggiRiepilogoDashboardRequestObject) (wpti.LeggiRiepilogoDashboardResponseObject, error) {
	v, err := s.w.LeggiRiepilogoDashboard(opID(ctx), r.Params)
	return wpti.LeggiRiepilogoDashboard200JSONResponse(v), err
}

func (s *provisioning) LeggiAndamentoDashboard(ctx context.Context, r wpti.LeggiAndamentoDashboardRequestObject) (wpti.LeggiAndamentoDashboardResponseObject, error) {
	v, err := s.w.LeggiAndamentoDashboard(opID(ctx), r.Params)
	return wpti.LeggiAndamentoDashboard200JSONResponse(v), err
}

func (s *provisioning) LeggiSlaDashboard(ctx context.Context, r wpti.LeggiSlaDashboardRequestObject) (wpti.LeggiSlaDashboardResponseObject, error) {
	v, err := s.w.LeggiSlaDashboard(opID(ctx), r.Params)
	return wpti.LeggiSlaDashboard200JSONResponse(v), err
}

func (s *provisioning) ElencaOrdiniWlr(ctx context.Context, r wpti.ElencaOrdiniWlrRequestObject) (wpti.ElencaOrdiniWlrResponseObject, error) {
	v, err := s.w.ElencaOrdiniWlr(opID(ctx), r.Params)
	return wpti.ElencaOrdiniWlr200JSONResponse(v), err
}

func (s *provisioning) CreaOrdineWlr(ctx context.Context, r wpti.CreaOrdineWlrRequestObject) (wpti.CreaOrdineWlrResponseObject, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	v, replay, err := s.w.CreaOrdineWlr(opID(ctx), *r.Body)
	if err != nil {
		return nil, err
	}
	loc := s.base + "/wlr/ordini/" + v.CodiceOrdineRo
	if replay {
		return wpti.CreaOrdineWlr200JSONResponse{Body: v, Headers: wpti.CreaOrdineWlr200ResponseHeaders{Location: loc}}, nil
	}
	return wpti.CreaOrdineWlr201JSONResponse{Body: v, Headers: wpti.CreaOrdineWlr201ResponseHeaders{Location: loc}}, nil
}

func (s *provisioning) LeggiOrdineWlr(ctx context.Context, r wpti.LeggiOrdineWlrRequestObject) (wpti.LeggiOrdineWlrResponseObject, error) {
	v, err := s.w.LeggiOrdineWlr(opID(ctx), r.Id)
	return wpti.LeggiOrdineWlr200JSONResponse(v), err
}

func (s *provisioning) LeggiStoricoOrdineWlr(ctx context.Context, r wpti.LeggiStoricoOrdineWlrRequestObject) (wpti.LeggiStoricoOrdineWlrResponseObject, error) {
	v, err := s.w.LeggiStoricoOrdineWlr(opID(ctx), r.Id, r.Params)
	return wpti.LeggiStoricoOrdineWlr200JSONResponse(v), err
}

func (s *provisioning) AnnullaOrdineWlr(ctx context.Context, r wpti.AnnullaOrdineWlrRequestObject) (wpti.AnnullaOrdineWlrResponseObject, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	v, err := s.w.AnnullaOrdineWlr(opID(ctx), r.Id, *r.Body)
	return wpti.AnnullaOrdineWlr200JSONResponse(v), err
}

func (s *provisioning) RimodulaDacOrdineWlr(ctx context.Context, r wpti.RimodulaDacOrdineWlrRequestObject) (wpti.RimodulaDacOrdineWlrResponseObject, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	v, err := s.w.RimodulaDacOrdineWlr(opID(ctx), r.Id, *r.Body)
	return wpti.RimodulaDacOrdineWlr200JSONResponse(v), err
}

func (s *provisioning) ElencaLineeWlr(ctx context.Context, r wpti.ElencaLineeWlrRequestObject) (wpti.ElencaLineeWlrResponseObject, error) {
	v, err := s.w.ElencaLineeWlr(opID(ctx), r.Params)
	return wpti.ElencaLineeWlr200JSONResponse(v), err
}

func (s *provisioning) LeggiLineaWlr(ctx context.Context, r wpti.LeggiLineaWlrRequestObject) (wpti.LeggiLineaWlrResponseObject, error) {
	v, err := s.w.LeggiLineaWlr(opID(ctx), r.Dn)
	return wpti.LeggiLineaWlr200JSONResponse(v), err
}

func (s *provisioning) ElencaAziende(ctx context.Context, r wpti.ElencaAziendeRequestObject) (wpti.ElencaAziendeResponseObject, error) {
	v, err := s.w.ElencaAziende(opID(ctx), r.Params)
	return wpti.ElencaAziende200JSONResponse(v), err
}

func (s *provisioning) CreaAzienda(ctx context.Context, r wpti.CreaAziendaRequestObject) (wpti.CreaAziendaResponseObject, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	v, err := s.w.CreaAzienda(opID(ctx), r.Params.IdempotencyKey, *r.Body)
	if err != nil {
		return nil, err
	}
	return wpti.CreaAzienda201JSONResponse{Body: v, Headers: wpti.CreaAzienda201ResponseHeaders{Location: s.base + "/voip/aziende/" + v.AziendaId}}, nil
}

func (s *provisioning) LeggiAzienda(ctx context.Context, r wpti.LeggiAziendaRequestObject) (wpti.LeggiAziendaResponseObject, error) {
	v, err := s.w.LeggiAzienda(opID(ctx), r.AziendaId)
	return wpti.LeggiAzienda200JSONResponse(v), err
}

func (s *provisioning) AggiornaAzienda(ctx context.Context, r wpti.AggiornaAziendaRequestObject) (wpti.AggiornaAziendaResponseObject, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	v, err := s.w.AggiornaAzienda(opID(ctx), r.AziendaId, *r.Body)
	return wpti.AggiornaAzienda200JSONResponse(v), err
}

func (s *provisioning) EliminaAzienda(ctx context.Context, r wpti.EliminaAziendaRequestObject) (wpti.EliminaAziendaResponseObject, error) {
	if err := s.w.EliminaAzienda(opID(ctx), r.AziendaId); err != nil {
		return nil, err
	}
	return wpti.EliminaAzienda204Response{}, nil
}

func (s *provisioning) ElencaUffici(ctx context.Context, r wpti.ElencaUfficiRequestObject) (wpti.ElencaUfficiResponseObject, error) {
	v, err := s.w.ElencaUffici(opID(ctx), r.AziendaId, r.Params)
	return wpti.ElencaUffici200JSONResponse(v), err
}

func (s *provisioning) CreaUfficio(ctx context.Context, r wpti.CreaUfficioRequestObject) (wpti.CreaUfficioResponseObject, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	v, err := s.w.CreaUfficio(opID(ctx), r.AziendaId, r.Params.IdempotencyKey, *r.Body)
	if err != nil {
		return nil, err
	}
	return wpti.CreaUfficio201JSONResponse{Body: v, Headers: wpti.CreaUfficio201ResponseHeaders{Location: s.base + "/voip/uffici/" + v.UfficioId}}, nil
}

func (s *provisioning) LeggiUfficio(ctx context.Context, r wpti.LeggiUfficioRequestObject) (wpti.LeggiUfficioResponseObject, error) {
	v, err := s.w.LeggiUfficio(opID(ctx), r.UfficioId)
	return wpti.LeggiUfficio200JSONResponse(v), err
}

func (s *provisioning) AggiornaUfficio(ctx context.Context, r wpti.AggiornaUfficioRequestObject) (wpti.AggiornaUfficioResponseObject, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	v, err := s.w.AggiornaUfficio(opID(ctx), r.UfficioId, *r.Body)
	return wpti.AggiornaUfficio200JSONResponse(v), err
}

func (s *provisioning) EliminaUfficio(ctx context.Context, r wpti.EliminaUfficioRequestObject) (wpti.EliminaUfficioResponseObject, error) {
	if err := s.w.EliminaUfficio(opID(ctx), r.UfficioId); err != nil {
		return nil, err
	}
	return wpti.EliminaUfficio204Response{}, nil
}

func (s *provisioning) ElencaNumerazioni(ctx context.Context, r wpti.ElencaNumerazioniRequestObject) (wpti.ElencaNumerazioniResponseObject, error) {
	v, err := s.w.ElencaNumerazioni(opID(ctx), r.UfficioId, r.Params)
	return wpti.ElencaNumerazioni200JSONResponse(v), err
}

func (s *provisioning) CreaNumerazione(ctx context.Context, r wpti.CreaNumerazioneRequestObject) (wpti.CreaNumerazioneResponseObject, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	v, err := s.w.CreaNumerazione(opID(ctx), r.UfficioId, r.Params.IdempotencyKey, *r.Body)
	if err != nil {
		return nil, err
	}
	return wpti.CreaNumerazione201JSONResponse{Body: v, Headers: wpti.CreaNumerazione201ResponseHeaders{Location: s.base + "/voip/uffici/" + r.UfficioId + "/numerazioni/" + v.Primo}}, nil
}

func (s *provisioning) EliminaNumerazione(ctx context.Context, r wpti.EliminaNumerazioneRequestObject) (wpti.EliminaNumerazioneResponseObject, error) {
	if err := s.w.EliminaNumerazione(opID(ctx), r.UfficioId, r.Dn); err != nil {
		return nil, err
	}
	return wpti.EliminaNumerazione204Response{}, nil
}

func (s *provisioning) ElencaUtenti(ctx context.Context, r wpti.ElencaUtentiRequestObject) (wpti.ElencaUtentiResponseObject, error) {
	v, err := s.w.ElencaUtenti(opID(ctx), r.UfficioId, r.Params)
	return wpti.ElencaUtenti200JSONResponse(v), err
}

func (s *provisioning) CreaUtente(ctx context.Context, r wpti.CreaUtenteRequestObject) (wpti.CreaUtenteResponseObject, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	v, err := s.w.CreaUtente(opID(ctx), r.UfficioId, r.Params.IdempotencyKey, *r.Body)
	if err != nil {
		return nil, err
	}
	return wpti.CreaUtente201JSONResponse{Body: v, Headers: wpti.CreaUtente201ResponseHeaders{CacheControl: "no-store", Location: s.base + "/voip/utenti/" + v.UtenteId}}, nil
}

func (s *provisioning) LeggiUtente(ctx context.Context, r wpti.LeggiUtenteRequestObject) (wpti.LeggiUtenteResponseObject, error) {
	v, err := s.w.LeggiUtente(opID(ctx), r.UtenteId)
	return wpti.LeggiUtente200JSONResponse(v), err
}

func (s *provisioning) AggiornaUtente(ctx context.Context, r wpti.AggiornaUtenteRequestObject) (wpti.AggiornaUtenteResponseObject, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	v, err := s.w.AggiornaUtente(opID(ctx), r.UtenteId, *r.Body)
	return wpti.AggiornaUtente200JSONResponse(v), err
}

func (s *provisioning) EliminaUtente(ctx context.Context, r wpti.EliminaUtenteRequestObject) (wpti.EliminaUtenteResponseObject, error) {
	if err := s.w.EliminaUtente(opID(ctx), r.UtenteId); err != nil {
		return nil, err
	}
	return wpti.EliminaUtente204Response{}, nil
}

func (s *provisioning) ReimpostaPasswordUtente(ctx context.Context, r wpti.ReimpostaPasswordUtenteRequestObject) (wpti.ReimpostaPasswordUtenteResponseObject, error) {
	v, err := s.w.ReimpostaPasswordUtenteConChiave(opID(ctx), r.UtenteId, r.Params.IdempotencyKey)
	if err != nil {
		return nil, err
	}
	return wpti.ReimpostaPasswordUtente200JSONResponse{Body: v, Headers: wpti.ReimpostaPasswordUtente200ResponseHeaders{CacheControl: "no-store"}}, nil
}

func (s *provisioning) ElencaPortedOut(ctx context.Context, r wpti.ElencaPortedOutRequestObject) (wpti.ElencaPortedOutResponseObject, error) {
	v, err := s.w.ElencaPortedOut(opID(ctx), r.Params)
	return wpti.ElencaPortedOut200JSONResponse(v), err
}

func (s *provisioning) LeggiPortedOut(ctx context.Context, r wpti.LeggiPortedOutRequestObject) (wpti.LeggiPortedOutResponseObject, error) {
	v, err := s.w.LeggiPortedOut(opID(ctx), r.IdRichiesta)
	return wpti.LeggiPortedOut200JSONResponse(v), err
}

func (s *provisioning) LeggiRiepilogoPortedOut(ctx context.Context, r wpti.LeggiRiepilogoPortedOutRequestObject) (wpti.LeggiRiepilogoPortedOutResponseObject, error) {
	v, err := s.w.LeggiRiepilogoPortedOut(opID(ctx), r.Params.Mese)
	return wpti.LeggiRiepilogoPortedOut200JSONResponse(v), err
}

func deref[T any](p *T) T {
	var z T
	if p == nil {
		return z
	}
	return *p
}

// hostPort splits a listen address for GET /operatore's SFTP block.
func hostPort(addr string) (string, int) {
	h, p, err := net.SplitHostPort(addr)
	if err != nil {
		return addr, 22
	}
	n, _ := strconv.Atoi(p)
	return h, n
}

// strictErrors wires the generated strict handler's error hooks to problem+json.
func strictErrors(log func(string, ...any)) (func(http.ResponseWriter, *http.Request, error), func(http.ResponseWriter, *http.Request, error)) {
	req := func(w http.ResponseWriter, r *http.Request, err error) {
		writeProblem(w, r, newProblem(400, "", "Richiesta non leggibile: "+firstLine(err.Error()), nil))
	}
	resp := func(w http.ResponseWriter, r *http.Request, err error) {
		p, ok := problemFromError(err)
		if !ok {
			log("errore interno", "errore", err.Error(), "path", r.URL.Path)
		}
		writeProblem(w, r, p)
	}
	return req, resp
}
