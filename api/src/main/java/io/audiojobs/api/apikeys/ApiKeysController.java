package io.audiojobs.api.apikeys;

import io.audiojobs.api.apikeys.ApiKeyViews.ApiKeyList;
import io.audiojobs.api.apikeys.ApiKeyViews.ApiKeyView;
import io.audiojobs.api.apikeys.ApiKeyViews.CreateApiKey;
import io.audiojobs.api.apikeys.ApiKeyViews.CreatedApiKey;
import io.audiojobs.api.auth.AuthFilter;
import io.audiojobs.api.http.Bodies;
import io.audiojobs.api.http.Ids;
import io.javalin.http.Context;

/** /api/v1/api-keys: create (the key is in this answer only), list, revoke. */
public final class ApiKeysController {
    private final ApiKeys keys;
    private final Bodies bodies;

    public ApiKeysController(ApiKeys keys, Bodies bodies) {
        this.keys = keys;
        this.bodies = bodies;
    }

    public void create(Context ctx) {
        CreateApiKey body = bodies.read(ctx, CreateApiKey.class);
        ctx.status(201).header("Cache-Control", "no-store").json(CreatedApiKey.of(keys.create(AuthFilter.user(ctx), body.name())));
    }

    public void list(Context ctx) {
        ctx.json(new ApiKeyList(keys.list(AuthFilter.user(ctx)).stream().map(ApiKeyView::of).toList()));
    }

    public void revoke(Context ctx) {
        keys.revoke(AuthFilter.user(ctx), Ids.pathId(ctx, "id", "API_KEY_NOT_FOUND", "API key"));
        ctx.status(204);
    }
}
