/**
 * Endpoints not yet in the contract: the early signals (server/routes/signals.ts: /hotspots,
 * /emerging, /signals, /signals/run, /signals/draft, /signals/publish, /signals/defaults),
 * reworked in parallel with the contract, and the overview (server/routes/overview.ts: /overview,
 * /bulletins). Until they move here with zod schemas, their routes keep their own schemas and
 * docs/openapi.yaml carries the hand-written description below, marked `x-pending: true`. Paths
 * are OpenAPI paths below /api.
 */
export const PENDING_PATHS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  "/hotspots": {
    "get": {
      "tags": [
        "signals"
      ],
      "summary": "Where reports concentrate (density, not an early signal) — Getis-Ord Gi* bins of hexagon cells for a period (analyst)",
      "description": "Gi* on the published (perturbed) cell counts, queen contiguity between the clipped cells of each municipality; `bin` −3…3 as ArcGIS (p ≤ .01/.05/.10) after Benjamini-Hochberg FDR. Only bins and published counts are returned — no z, p or neighbour counts, which would solve back to hidden counts.",
      "x-test-query": "cell=500&gemeente=GM1700",
      "parameters": [
        {
          "name": "cell",
          "in": "query",
          "schema": {
            "enum": [
              "250",
              "500",
              "1000"
            ],
            "default": "500"
          }
        },
        {
          "name": "category",
          "in": "query",
          "schema": {
            "type": "string",
            "pattern": "^[a-z_]{1,40}$"
          },
          "description": "one category code; left out: all categories"
        },
        {
          "name": "source",
          "in": "query",
          "schema": {
            "type": "string",
            "pattern": "^[a-z_]{1,40}$"
          },
          "description": "one source code; left out: all sources"
        },
        {
          "name": "period",
          "in": "query",
          "schema": {
            "type": "string",
            "pattern": "^(last-(1|3|6|12)m|\\d{4}(-(W\\d{2}|Q[1-4]|\\d{2}))?|all)$"
          },
          "description": "a menu period (see the description); default last-12m"
        },
        {
          "name": "from",
          "in": "query",
          "schema": {
            "type": "string",
            "format": "date"
          },
          "description": "a Monday: with `to`, the days of a menu period"
        },
        {
          "name": "to",
          "in": "query",
          "schema": {
            "type": "string",
            "format": "date"
          },
          "description": "a Sunday"
        },
        {
          "name": "gemeente",
          "in": "query",
          "schema": {
            "type": "string",
            "pattern": "^GM\\d{4}$"
          }
        }
      ],
      "responses": {
        "200": {
          "description": "OK",
          "headers": {
            "ETag": {
              "description": "weak validator of the body (the same for the plain and the gzipped representation)",
              "schema": {
                "type": "string"
              }
            },
            "Content-Encoding": {
              "description": "gzip when the request accepts it",
              "schema": {
                "enum": [
                  "gzip"
                ]
              }
            },
            "X-Cache": {
              "description": "hit, miss or off: whether the server cache answered",
              "schema": {
                "enum": [
                  "hit",
                  "miss",
                  "off"
                ]
              }
            }
          },
          "content": {
            "application/geo+json": {
              "schema": {
                "$ref": "#/components/schemas/HotspotCollection"
              }
            }
          }
        },
        "304": {
          "$ref": "#/components/responses/NotModified"
        },
        "400": {
          "$ref": "#/components/responses/Error"
        },
        "404": {
          "$ref": "#/components/responses/Error"
        }
      },
      "x-access": "analyst",
      "x-pending": true
    }
  },
  "/emerging": {
    "get": {
      "tags": [
        "signals"
      ],
      "summary": "Emerging hot spot classes per cell or buurt from the latest matching run (analyst)",
      "x-test-query": "gemeente=GM1700",
      "parameters": [
        {
          "name": "cell",
          "in": "query",
          "schema": {
            "enum": [
              "250",
              "500",
              "1000",
              "buurt"
            ],
            "default": "500"
          }
        },
        {
          "name": "step",
          "in": "query",
          "schema": {
            "enum": [
              "week",
              "month"
            ],
            "default": "week"
          }
        },
        {
          "name": "category",
          "in": "query",
          "schema": {
            "type": "string",
            "pattern": "^[a-z_]{1,40}$"
          },
          "description": "one category code; left out: all categories"
        },
        {
          "name": "gemeente",
          "in": "query",
          "schema": {
            "type": "string",
            "pattern": "^GM\\d{4}$"
          }
        }
      ],
      "responses": {
        "200": {
          "description": "OK",
          "content": {
            "application/geo+json": {
              "schema": {
                "$ref": "#/components/schemas/EmergingCollection"
              }
            }
          }
        },
        "400": {
          "$ref": "#/components/responses/Error"
        },
        "404": {
          "$ref": "#/components/responses/Error"
        }
      },
      "x-access": "analyst",
      "x-pending": true
    }
  },
  "/signals": {
    "get": {
      "tags": [
        "signals"
      ],
      "summary": "Ranked early signals of the published run (analyst), or with view=draft the caller's own draft",
      "parameters": [
        {
          "name": "category",
          "in": "query",
          "schema": {
            "type": "string"
          },
          "description": "a category code or `all`"
        },
        {
          "name": "status",
          "in": "query",
          "schema": {
            "enum": [
              "new",
              "ongoing"
            ]
          }
        },
        {
          "name": "kind",
          "in": "query",
          "schema": {
            "enum": [
              "lead",
              "map"
            ]
          }
        },
        {
          "name": "gemeente",
          "in": "query",
          "schema": {
            "type": "string",
            "pattern": "^GM\\d{4}$"
          }
        },
        {
          "name": "limit",
          "in": "query",
          "schema": {
            "type": "integer"
          }
        },
        {
          "name": "view",
          "in": "query",
          "schema": {
            "enum": [
              "published",
              "draft"
            ],
            "default": "published"
          }
        }
      ],
      "responses": {
        "200": {
          "description": "OK",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SignalList"
              }
            }
          }
        },
        "400": {
          "$ref": "#/components/responses/Error"
        }
      },
      "description": "The published list is the latest scheduled run with the administrator's defaults (after every import, nightly, after new defaults). `draft` points at the caller's own draft (never anyone else's); `queue` says whether runs are running or waiting.",
      "x-access": "analyst",
      "x-pending": true
    }
  },
  "/signals/run": {
    "post": {
      "tags": [
        "signals"
      ],
      "summary": "An analyst's what-if run — a draft only the caller sees (replaces their previous draft); body = changes on top of the defaults (see docs/signals.md)",
      "requestBody": {
        "content": {
          "application/json": {
            "schema": {
              "type": "object"
            }
          }
        }
      },
      "responses": {
        "201": {
          "description": "Run finished",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RunSummary"
              }
            }
          }
        },
        "400": {
          "$ref": "#/components/responses/Error"
        },
        "409": {
          "description": "The caller already has a draft run in the queue",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Error"
              }
            }
          }
        },
        "503": {
          "description": "Too many runs waiting",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Error"
              }
            }
          }
        }
      },
      "x-access": "analyst",
      "x-pending": true
    }
  },
  "/signals/draft": {
    "delete": {
      "tags": [
        "signals"
      ],
      "summary": "Discard the caller's draft (analyst); the published list is untouched",
      "responses": {
        "200": {
          "description": "OK",
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "discarded"
                ],
                "properties": {
                  "discarded": {
                    "type": "integer"
                  }
                }
              }
            }
          }
        }
      },
      "x-access": "analyst",
      "x-pending": true
    }
  },
  "/signals/publish": {
    "post": {
      "tags": [
        "signals"
      ],
      "summary": "A published run with the defaults now, after the runs already queued (admin)",
      "responses": {
        "201": {
          "description": "Run finished",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RunSummary"
              }
            }
          }
        },
        "503": {
          "description": "Too many runs waiting",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Error"
              }
            }
          }
        }
      },
      "x-access": "admin",
      "x-pending": true
    }
  },
  "/signals/defaults": {
    "get": {
      "tags": [
        "signals"
      ],
      "summary": "The administrator's default run parameters (admin); updatedAt null = the built-in defaults",
      "responses": {
        "200": {
          "description": "OK",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SignalDefaults"
              }
            }
          }
        }
      },
      "x-access": "admin",
      "x-pending": true
    },
    "put": {
      "tags": [
        "signals"
      ],
      "summary": "New default run parameters (admin; complete or partial, missing settings take the built-in defaults; `end` not allowed); audited; a published run with them follows in the background",
      "requestBody": {
        "content": {
          "application/json": {
            "schema": {
              "type": "object"
            }
          }
        }
      },
      "responses": {
        "200": {
          "description": "Stored",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SignalDefaults"
              }
            }
          }
        },
        "400": {
          "$ref": "#/components/responses/Error"
        }
      },
      "x-access": "admin",
      "x-pending": true
    }
  },
  "/overview": {
    "get": {
      "summary": "The overview of one municipality (every role; counts against the query budget) — what changed, at a glance",
      "description": "Total and per category for the last complete ISO-week month and the last 12 complete months (or the one `period` given), each against the same weeks a year earlier, with a verdict from an exact Poisson comparison of the published counts (BH-FDR 5 % over the categories); the wijken and buurten with the largest published changes (hidden ones counted, never ranked); the latest signal run summarised by class and wijk (`items`: the signals themselves, analysts only, else null). A municipality without reports has `noData: true` and no windows. Every count is the one /stats publishes. See docs/dashboard.md.",
      "parameters": [
        {
          "name": "gemeente",
          "in": "query",
          "schema": {
            "type": "string",
            "pattern": "^GM\\d{4}$"
          },
          "description": "left out: DEFAULT_GEMEENTE, else the only (else the first) municipality with data"
        },
        {
          "name": "period",
          "in": "query",
          "schema": {
            "type": "string"
          },
          "description": "one menu period; left out: last-1m and last-12m"
        }
      ],
      "responses": {
        "200": {
          "description": "OK",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Overview"
              }
            }
          }
        },
        "400": {
          "$ref": "#/components/responses/Error"
        },
        "404": {
          "$ref": "#/components/responses/Error"
        },
        "429": {
          "$ref": "#/components/responses/Error"
        }
      }
    }
  },
  "/bulletins": {
    "get": {
      "summary": "The overview as a one-page A4 PDF bulletin for the mayor and the driehoek (every role; audited; counts against the query budget)",
      "parameters": [
        {
          "name": "gemeente",
          "in": "query",
          "schema": {
            "type": "string",
            "pattern": "^GM\\d{4}$"
          }
        },
        {
          "name": "period",
          "in": "query",
          "schema": {
            "type": "string"
          }
        },
        {
          "name": "lang",
          "in": "query",
          "schema": {
            "enum": [
              "nl",
              "en"
            ],
            "default": "nl"
          }
        }
      ],
      "responses": {
        "200": {
          "description": "The bulletin (Content-Disposition: attachment)",
          "content": {
            "application/pdf": {
              "schema": {
                "type": "string",
                "format": "binary"
              }
            }
          }
        },
        "400": {
          "$ref": "#/components/responses/Error"
        },
        "404": {
          "$ref": "#/components/responses/Error"
        },
        "429": {
          "$ref": "#/components/responses/Error"
        }
      }
    }
  }
};

/** Schemas the pending paths refer to (#/components/schemas/…). */
export const PENDING_SCHEMAS: Readonly<Record<string, unknown>> = {
  "HotspotCollection": {
    "type": "object",
    "required": [
      "type",
      "features"
    ],
    "properties": {
      "type": {
        "const": "FeatureCollection"
      },
      "features": {
        "type": "array",
        "items": {
          "type": "object",
          "required": [
            "type",
            "geometry",
            "properties"
          ],
          "properties": {
            "geometry": {
              "type": "object",
              "properties": {
                "type": {
                  "enum": [
                    "Polygon",
                    "MultiPolygon"
                  ]
                }
              }
            },
            "properties": {
              "type": "object",
              "required": [
                "id",
                "gemeente",
                "count",
                "suppressed",
                "noData",
                "areaKm2",
                "bin"
              ],
              "additionalProperties": false,
              "properties": {
                "id": {
                  "type": "string"
                },
                "gemeente": {
                  "type": "string"
                },
                "count": {
                  "type": [
                    "integer",
                    "null"
                  ]
                },
                "suppressed": {
                  "type": "boolean"
                },
                "noData": {
                  "type": "boolean"
                },
                "areaKm2": {
                  "type": "number"
                },
                "bin": {
                  "enum": [
                    -3,
                    -2,
                    -1,
                    0,
                    1,
                    2,
                    3
                  ]
                }
              }
            }
          }
        }
      }
    }
  },
  "EmergingCollection": {
    "type": "object",
    "required": [
      "type",
      "features"
    ],
    "properties": {
      "type": {
        "const": "FeatureCollection"
      },
      "features": {
        "type": "array",
        "items": {
          "type": "object",
          "required": [
            "type",
            "geometry",
            "properties"
          ],
          "properties": {
            "geometry": {
              "type": "object",
              "properties": {
                "type": {
                  "enum": [
                    "Polygon",
                    "MultiPolygon"
                  ]
                }
              }
            },
            "properties": {
              "type": "object",
              "required": [
                "class"
              ],
              "properties": {
                "class": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    }
  },
  "SignalList": {
    "type": "object",
    "required": [
      "run",
      "total",
      "signals",
      "view",
      "draft",
      "queue"
    ],
    "properties": {
      "run": {
        "type": [
          "object",
          "null"
        ],
        "required": [
          "id",
          "visibility",
          "trigger",
          "finishedAt",
          "parameters",
          "current"
        ],
        "properties": {
          "visibility": {
            "enum": [
              "published",
              "draft"
            ]
          },
          "trigger": {
            "type": "string",
            "description": "import, nightly, start, defaults, admin, analyst, cli, manual"
          },
          "current": {
            "type": "boolean",
            "description": "the run was made on the current data"
          }
        }
      },
      "total": {
        "type": "integer"
      },
      "signals": {
        "type": "array",
        "items": {
          "type": "object",
          "required": [
            "rank",
            "kind",
            "class",
            "bbox",
            "explanation"
          ],
          "properties": {
            "rank": {
              "type": "integer"
            },
            "kind": {
              "enum": [
                "lead",
                "map"
              ]
            },
            "class": {
              "type": "string"
            },
            "bbox": {
              "type": "array",
              "items": {
                "type": "number"
              },
              "minItems": 4,
              "maxItems": 4
            },
            "explanation": {
              "type": "object",
              "required": [
                "nl",
                "en"
              ],
              "properties": {
                "nl": {
                  "type": "string"
                },
                "en": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "view": {
        "enum": [
          "published",
          "draft"
        ]
      },
      "draft": {
        "type": [
          "object",
          "null"
        ],
        "description": "the caller's own latest draft",
        "properties": {
          "id": {
            "type": "integer"
          },
          "finishedAt": {
            "type": "string"
          }
        }
      },
      "queue": {
        "type": "object",
        "required": [
          "running",
          "waiting",
          "yourDraft"
        ],
        "properties": {
          "running": {
            "type": "boolean"
          },
          "waiting": {
            "type": "integer"
          },
          "yourDraft": {
            "enum": [
              "running",
              "waiting",
              null
            ]
          }
        }
      }
    }
  },
  "RunSummary": {
    "type": "object",
    "required": [
      "id",
      "visibility",
      "trigger",
      "status",
      "parameters",
      "dataVersion",
      "signals",
      "timings"
    ],
    "properties": {
      "id": {
        "type": "integer"
      },
      "visibility": {
        "enum": [
          "published",
          "draft"
        ]
      },
      "trigger": {
        "type": "string"
      },
      "status": {
        "enum": [
          "completed",
          "failed"
        ]
      },
      "parameters": {
        "type": "object"
      },
      "signals": {
        "type": "object",
        "properties": {
          "lead": {
            "type": "integer"
          },
          "map": {
            "type": "integer"
          }
        }
      },
      "timings": {
        "type": "object",
        "description": "ms: load (database, main thread), compute (worker thread), publish, store, total"
      }
    }
  },
  "SignalDefaults": {
    "type": "object",
    "required": [
      "parameters",
      "updatedAt",
      "updatedBy"
    ],
    "properties": {
      "parameters": {
        "type": "object"
      },
      "updatedAt": {
        "type": [
          "string",
          "null"
        ]
      },
      "updatedBy": {
        "type": [
          "string",
          "null"
        ]
      }
    }
  },
  "Overview": {
    "type": "object",
    "required": [
      "gemeente",
      "dataExtent",
      "noData",
      "dataEnd",
      "disclosure",
      "alpha",
      "windows",
      "signals"
    ],
    "properties": {
      "gemeente": {
        "type": "object",
        "required": [
          "code",
          "name",
          "inhabitants",
          "inhabitantsEstimated"
        ]
      },
      "dataExtent": {
        "oneOf": [
          {
            "$ref": "#/components/schemas/Period"
          },
          {
            "type": "null"
          }
        ]
      },
      "noData": {
        "type": "boolean"
      },
      "dataEnd": {
        "type": [
          "string",
          "null"
        ],
        "format": "date"
      },
      "disclosure": {
        "type": "object",
        "required": [
          "k",
          "kSensitive",
          "roundTo"
        ]
      },
      "alpha": {
        "type": "number"
      },
      "windows": {
        "type": "array",
        "items": {
          "type": "object",
          "required": [
            "period",
            "lastYear",
            "noData",
            "k",
            "total",
            "categories",
            "totalSeries",
            "wijken",
            "buurten"
          ],
          "properties": {
            "period": {
              "$ref": "#/components/schemas/MenuPeriod"
            },
            "lastYear": {
              "type": "object",
              "required": [
                "from",
                "to",
                "weeks"
              ]
            },
            "noData": {
              "type": "boolean"
            },
            "k": {
              "type": "integer"
            },
            "total": {
              "$ref": "#/components/schemas/OverviewFigure"
            },
            "categories": {
              "type": "array",
              "items": {
                "allOf": [
                  {
                    "$ref": "#/components/schemas/OverviewFigure"
                  }
                ],
                "type": "object",
                "required": [
                  "code",
                  "labelNl",
                  "labelEn",
                  "colour",
                  "sensitive",
                  "k",
                  "series"
                ],
                "properties": {
                  "series": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "label",
                        "count"
                      ],
                      "properties": {
                        "label": {
                          "type": "string"
                        },
                        "count": {
                          "$ref": "#/components/schemas/CountOrNoData"
                        }
                      }
                    }
                  }
                }
              }
            },
            "totalSeries": {
              "type": "array",
              "items": {
                "type": "object",
                "required": [
                  "label",
                  "count"
                ]
              }
            },
            "wijken": {
              "$ref": "#/components/schemas/OverviewRanking"
            },
            "buurten": {
              "$ref": "#/components/schemas/OverviewRanking"
            }
          }
        }
      },
      "signals": {
        "type": "object",
        "required": [
          "run",
          "total",
          "new",
          "byClass",
          "byWijk",
          "items"
        ],
        "properties": {
          "run": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "type": "object",
                "required": [
                  "finishedAt",
                  "lastDay",
                  "current"
                ]
              }
            ]
          },
          "total": {
            "type": "integer"
          },
          "new": {
            "type": "integer"
          },
          "byClass": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "class",
                "kind",
                "count",
                "new"
              ]
            }
          },
          "byWijk": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "code",
                "name",
                "count",
                "new"
              ]
            }
          },
          "items": {
            "type": [
              "array",
              "null"
            ],
            "description": "analysts and administrators only"
          }
        }
      }
    }
  },
  "OverviewRanking": {
    "type": "object",
    "required": [
      "level",
      "k",
      "rises",
      "falls",
      "areas",
      "hidden"
    ],
    "properties": {
      "level": {
        "enum": [
          "wijk",
          "buurt"
        ]
      },
      "k": {
        "type": "integer"
      },
      "rises": {
        "type": "array",
        "maxItems": 5,
        "items": {
          "allOf": [
            {
              "$ref": "#/components/schemas/OverviewFigure"
            }
          ],
          "type": "object",
          "required": [
            "code",
            "name",
            "level"
          ]
        }
      },
      "falls": {
        "type": "array",
        "maxItems": 5,
        "items": {
          "allOf": [
            {
              "$ref": "#/components/schemas/OverviewFigure"
            }
          ],
          "type": "object",
          "required": [
            "code",
            "name",
            "level"
          ]
        }
      },
      "areas": {
        "type": "integer"
      },
      "hidden": {
        "type": "integer",
        "description": "areas whose change is suppressed (not ranked)"
      }
    }
  },
  "OverviewFigure": {
    "type": "object",
    "required": [
      "count",
      "lastYear",
      "change",
      "rateRatio",
      "q",
      "verdict"
    ],
    "properties": {
      "count": {
        "$ref": "#/components/schemas/CountOrNoData"
      },
      "lastYear": {
        "$ref": "#/components/schemas/CountOrNoData"
      },
      "change": {
        "$ref": "#/components/schemas/Change"
      },
      "rateRatio": {
        "type": [
          "number",
          "null"
        ],
        "description": "per week",
        "from the published counts": null
      },
      "q": {
        "type": [
          "number",
          "null"
        ],
        "description": "BH-FDR q-value (3 significant digits)"
      },
      "verdict": {
        "$ref": "#/components/schemas/Verdict"
      }
    }
  },
  "Verdict": {
    "enum": [
      "rise",
      "fall",
      "chance",
      "hidden",
      "no-data"
    ],
    "description": "rise / fall: greater than chance (q ≤ 0.05); chance: within what chance can explain; hidden: a count is suppressed; no-data: a period without data"
  }
};
