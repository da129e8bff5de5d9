-- CreateTable
CREATE TABLE "pre_check_use" (
    "org" TEXT NOT NULL,
    "person_key" TEXT NOT NULL,
    "asked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pre_check_use_pkey" PRIMARY KEY ("org","person_key")
);

-- CreateIndex
CREATE INDEX "pre_check_use_org_asked_at_idx" ON "pre_check_use"("org", "asked_at");
