/**
 * Endpoints not yet in the contract: the early signals (server/routes/signals.ts: /hotspots,
 * /emerging, /signals, /signals/run), reworked in parallel with the contract, and the overview
 * (server/routes/overview.ts: /overview, /bulletins). Until they move here with zod schemas,
 * their routes keep their own schemas and docs/openapi.yaml carries the hand-written description
 * below, marked `x-pending: true`. Paths are OpenAPI paths below /api.
 */
export const PENDING_PATHS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  "/hotspots": {
    "get": {
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
          "$ref": "#/components/parameters/category"
        },
        {
          "$ref": "#/components/parameters/source"
        },
        {
          "$ref": "#/components/parameters/period"
        },
        {
          "$ref": "#/components/parameters/from"
        },
        {
          "$ref": "#/components/parameters/to"
        },
        {
          "$ref": "#/components/parameters/gemeente"
        }
      ],
      "responses": {
        "200": {
          "description": "OK",
          "headers": {
            "ETag": {
              "$ref": "#/components/headers/ETag"
            },
            "Content-Encoding": {
              "$ref": "#/components/headers/ContentEncoding"
            },
            "X-Cache": {
              "$ref": "#/components/headers/XCache"
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
      }
    }
  },
  "/emerging": {
    "get": {
      "summary": "Early-signal class per buurt from the latest run (analyst) — new, rising, sudden (lead signals), persistent, falling (map classes) or none; no counts, z or p",
      "x-test-query": "gemeente=GM1700",
      "parameters": [
        {
          "$ref": "#/components/parameters/category"
        },
        {
          "$ref": "#/components/parameters/gemeente"
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
      }
    }
  },
  "/signals": {
    "get": {
      "summary": "Ranked early signals of the latest run (analyst) — by q, then observed/expected; published figures only (docs/signals.md)",
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
            ],
            "default": "lead"
          }
        },
        {
          "$ref": "#/components/parameters/gemeente"
        },
        {
          "name": "limit",
          "in": "query",
          "schema": {
            "type": "integer"
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
      }
    }
  },
  "/signals/run": {
    "post": {
      "summary": "Recompute the signals now (analyst); body = optional run parameters (see docs/signals.md)",
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
                "type": "object",
                "required": [
                  "id",
                  "status",
                  "parameters",
                  "dataVersion",
                  "signals"
                ],
                "properties": {
                  "id": {
                    "type": "integer"
                  },
                  "status": {
                    "enum": [
                      "completed",
                      "failed"
                    ]
                  }
                }
              }
            }
          }
        },
        "400": {
          "$ref": "#/components/responses/Error"
        }
      }
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
                "id",
                "class"
              ],
              "properties": {
                "id": {
                  "type": "string"
                },
                "class": {
                  "enum": [
                    "new",
                    "rising",
                    "sudden",
                    "persistent",
                    "falling",
                    "none"
                  ]
                },
                "q": {
                  "type": [
                    "number",
                    "null"
                  ]
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
      "signals"
    ],
    "properties": {
      "run": {
        "type": [
          "object",
          "null"
        ]
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
            "places",
            "q",
            "series",
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
              "enum": [
                "new",
                "rising",
                "sudden",
                "persistent",
                "falling"
              ]
            },
            "places": {
              "type": "array",
              "items": {
                "type": "object",
                "required": [
                  "code",
                  "name"
                ],
                "properties": {
                  "code": {
                    "type": "string"
                  },
                  "name": {
                    "type": "string"
                  }
                }
              }
            },
            "window": {
              "type": [
                "object",
                "null"
              ],
              "properties": {
                "from": {
                  "type": "string",
                  "format": "date"
                },
                "to": {
                  "type": "string",
                  "format": "date"
                },
                "weeks": {
                  "type": "integer"
                }
              }
            },
            "observed": {
              "type": [
                "integer",
                "null"
              ],
              "description": "published (perturbed) count in the window; null = below k"
            },
            "expected": {
              "type": [
                "number",
                "null"
              ],
              "description": "derived from published counts; an upper bound when expectedUpperBound"
            },
            "expectedUpperBound": {
              "type": "boolean"
            },
            "q": {
              "type": [
                "number",
                "null"
              ],
              "description": "Benjamini-Hochberg q across all tests of the run (two significant digits)"
            },
            "recurrence": {
              "type": [
                "object",
                "null"
              ],
              "properties": {
                "years": {
                  "type": "number"
                },
                "atLeast": {
                  "type": "boolean"
                }
              }
            },
            "trend": {
              "type": [
                "object",
                "null"
              ],
              "properties": {
                "spanWeeks": {
                  "type": "integer"
                },
                "rateRatio": {
                  "type": [
                    "number",
                    "null"
                  ]
                },
                "q": {
                  "type": "number"
                }
              }
            },
            "series": {
              "type": "array",
              "items": {
                "type": "object",
                "required": [
                  "week",
                  "observed",
                  "expected"
                ],
                "properties": {
                  "week": {
                    "type": "string",
                    "format": "date"
                  },
                  "observed": {
                    "type": [
                      "integer",
                      "null"
                    ]
                  },
                  "expected": {
                    "type": "number"
                  }
                }
              }
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
